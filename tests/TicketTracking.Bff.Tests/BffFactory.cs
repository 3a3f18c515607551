using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Auth;
using TicketTracking.Auth.Data;
using TicketTracking.Testing;
using AuthDepartments = TicketTracking.Protos.Auth.V1.DepartmentService;

namespace TicketTracking.Bff.Tests;

/// <summary>The BFF in memory, calling a real Auth service (in memory, own database) over gRPC.</summary>
public sealed class BffFactory : WebApplicationFactory<BffApp>, IAsyncLifetime
{
    public AuthServiceFactory<AuthApp, AuthDbContext> Auth { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("EventBus:Transport", "rabbitmq");
        builder.UseSetting("RabbitMq:ConnectionString", TestEnvironment.RabbitMq);
        builder.UseSetting("Services:Auth", "http://auth.test");
        builder.ConfigureTestServices(services => services
            .AddGrpcClient<AuthDepartments.DepartmentServiceClient>()
            .ConfigurePrimaryHttpMessageHandler(() => Auth.Server.CreateHandler()));
    }

    public ValueTask InitializeAsync() => Auth.InitializeAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Auth.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
