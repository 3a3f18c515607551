using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace TicketTracking.Testing;

/// <summary>
/// Hosts one service in memory against its own freshly migrated PostgreSQL database (one per test class, dropped at
/// the end) and the test RabbitMQ; <see cref="Channel"/> speaks gRPC to it over the test server's handler.
/// </summary>
public class ServiceFactory<TApp, TContext> : WebApplicationFactory<TApp>, IAsyncLifetime
    where TApp : class
    where TContext : DbContext
{
    private readonly string _database;
    private readonly bool _ownsDatabase;
    private GrpcChannel? _channel;

    public ServiceFactory()
        : this(null)
    {
    }

    /// <summary>A second replica of the service, on the database of <paramref name="replicaOf"/> (which owns it).</summary>
    protected ServiceFactory(ServiceFactory<TApp, TContext>? replicaOf)
    {
        _database = replicaOf?._database ?? $"test_{typeof(TApp).Name.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40];
        _ownsDatabase = replicaOf is null;
        MediaFolder = replicaOf?.MediaFolder ?? Path.Combine(Path.GetTempPath(), _database);
    }

    /// <summary>The media volume (Tickets' attachments): a folder per service, shared by its replicas, removed at the end.</summary>
    public string MediaFolder { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = _database }.ConnectionString;

    private GrpcChannel Transport => _channel ??= GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    /// <summary>Calls as <see cref="TestIdentity.Tooling"/> (see <see cref="DefaultIdentity"/>), or anonymously when there is none.</summary>
    public CallInvoker Channel => DefaultIdentity is { } identity ? ChannelAs(identity) : Transport.CreateCallInvoker();

    /// <summary>Calls with a token for <paramref name="identity"/>.</summary>
    public CallInvoker ChannelAs(TestIdentity identity) => ChannelWithToken(TestTokens.For(identity));

    /// <summary>Calls with <paramref name="accessToken"/> as the bearer token (null = anonymous).</summary>
    public CallInvoker ChannelWithToken(string? accessToken) => accessToken is null
        ? Transport.CreateCallInvoker()
        : Transport.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {accessToken}");
            return metadata;
        });

    /// <summary>
    /// Who <see cref="Channel"/> calls as. Services other than Auth validate tokens against <see cref="TestTokens"/>'
    /// key; Auth, which signs its own, sets none.
    /// </summary>
    protected virtual TestIdentity? DefaultIdentity => TestIdentity.Tooling;

    /// <summary>Whether the service validates tokens with <see cref="TestTokens"/>' key instead of asking Auth.</summary>
    protected virtual bool UsesTestSigningKeys => true;

    private IHost? _host;

    /// <summary>Stops the service (its hosted services too) while its database stays, as a replica going away.</summary>
    public Task StopHostAsync() => _host?.StopAsync() ?? Task.CompletedTask;

    protected override IHost CreateHost(IHostBuilder builder) => _host = base.CreateHost(builder);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Database", ConnectionString);
        builder.UseSetting("EventBus:Transport", "rabbitmq");
        builder.UseSetting("RabbitMq:ConnectionString", TestEnvironment.RabbitMq);
        builder.UseSetting("Tickets:MediaPath", MediaFolder);
        // Other services are unreachable unless a test wires a client to one in memory.
        foreach (var service in (string[])["Auth", "Tickets", "Workflow", "Messaging", "Notifications"])
            builder.UseSetting($"Services:{service}", "http://127.0.0.1:1");
        // Services that call Auth as themselves (Tickets filling its departments) need credentials to start; with
        // Auth unreachable they are never used unless a test wires a real Auth and account.
        builder.UseSetting("ServiceAccount:ClientId", "test-service");
        builder.UseSetting("ServiceAccount:ClientSecret", "not-used-in-tests");
        if (UsesTestSigningKeys)
            builder.ConfigureTestServices(services => services.AddSingleton(TestTokens.Source));
    }

    /// <summary>Creates and migrates the database before the service starts, as `make run` does with `migrate`.</summary>
    public virtual async ValueTask InitializeAsync()
    {
        if (!_ownsDatabase)
            return;
        await using (var connection = new NpgsqlConnection(TestEnvironment.Postgres))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var options = new DbContextOptionsBuilder<TContext>().UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options;
        await using var db = (TContext)Activator.CreateInstance(typeof(TContext), options)!;
        await db.Database.MigrateAsync();
    }

    /// <summary>Runs <paramref name="work"/> on a fresh DbContext of the service, to arrange or inspect data.</summary>
    public async Task<T> WithDatabase<T>(Func<TContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (!_ownsDatabase)
            return;
        if (Directory.Exists(MediaFolder))
            Directory.Delete(MediaFolder, recursive: true);
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
