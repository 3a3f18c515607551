using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TicketTracking.ServiceDefaults.Secrets;
using TicketTracking.Testing;

namespace TicketTracking.ServiceDefaults.Tests;

/// <summary>Secrets from a (stub) Dapr sidecar's secret store into an app's configuration.</summary>
public sealed class DaprSecretsTests : IAsyncLifetime
{
    private StubDaprSidecar _sidecar = null!;

    public async ValueTask InitializeAsync() => _sidecar = await StubDaprSidecar.StartAsync();

    public ValueTask DisposeAsync() => _sidecar.DisposeAsync();

    private WebApplication Build(int waitSeconds = 5)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Secrets:Store"] = "secretstore";
        builder.Configuration["Secrets:SidecarWaitSeconds"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["DAPR_GRPC_ENDPOINT"] = _sidecar.GrpcEndpoint;
        builder.Configuration["DAPR_HTTP_ENDPOINT"] = _sidecar.HttpEndpoint;
        builder.AddSecrets("tickets");
        return builder.Build();
    }

    [Fact]
    public async Task The_apps_own_secrets_become_plain_configuration_keys()
    {
        _sidecar.Secrets["tickets:ConnectionStrings:Database"] = "Host=db;Database=ticket_db";
        _sidecar.Secrets["RabbitMq:ConnectionString"] = "amqp://broker";

        await using var app = Build();

        app.Configuration.GetConnectionString("Database").ShouldBe("Host=db;Database=ticket_db");
        app.Configuration["RabbitMq:ConnectionString"].ShouldBe("amqp://broker");
        Should.NotThrow(() => app.Services.GetRequiredService<IOptions<DaprSecrets.DaprSecretsStatus>>().Value);
    }

    [Fact]
    public async Task A_sidecar_that_never_gets_ready_fails_start_up_with_a_message_naming_the_setting()
    {
        _sidecar.Ready = false;

        await using var app = Build(waitSeconds: 1);

        var error = Should.Throw<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<DaprSecrets.DaprSecretsStatus>>().Value);
        error.Message.ShouldContain("Secrets:Store 'secretstore'");
        error.Message.ShouldContain("Secrets:SidecarWaitSeconds");
    }
}
