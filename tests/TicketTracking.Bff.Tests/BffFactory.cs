using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TicketTracking.Auth;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Security;
using TicketTracking.Testing;
using TicketTracking.Tickets;
using TicketTracking.Tickets.Data;
using AuthProtos = TicketTracking.Protos.Auth.V1;
using DomainServiceAccount = TicketTracking.Auth.Domain.ServiceAccount;

namespace TicketTracking.Bff.Tests;

/// <summary>Auth in memory on a clock the tests move, so token expiry and session re-checks need no waiting.</summary>
public sealed class ClockedAuth(FakeTimeProvider clock) : AuthServiceFactory<AuthApp, AuthDbContext>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
    }
}

/// <summary>
/// The BFF in memory, with a real Auth (in memory, own database) behind it, both on one test clock; the BFF signs in
/// to Auth with a real service account and keeps its cookie keys in a folder of its own, so
/// <see cref="StartAnotherBff"/> plays a restart or a second replica.
/// </summary>
public sealed class BffFactory : IAsyncLifetime
{
    private readonly string _keysPath = Path.Combine(Path.GetTempPath(), $"tt-bff-keys-{Guid.NewGuid():N}");
    private readonly List<BffHost> _hosts = [];
    private string _clientSecret = "";

    public BffFactory()
    {
        Auth = new ClockedAuth(Clock);
        Tickets = new TrustingServiceFactory<TicketsApp, TicketsDbContext>(() => Auth.Services.GetRequiredService<SigningKeyStore>());
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public ClockedAuth Auth { get; }

    /// <summary>Tickets behind the BFF, trusting Auth's keys like the real one.</summary>
    public TrustingServiceFactory<TicketsApp, TicketsDbContext> Tickets { get; }

    /// <summary>The BFF the tests talk to.</summary>
    public BffHost Bff => _hosts[0];

    public async ValueTask InitializeAsync()
    {
        await Auth.InitializeAsync();
        await Tickets.InitializeAsync();
        _clientSecret = SecretTokens.New();
        await Auth.WithDatabase(async db =>
        {
            db.ServiceAccounts.Add(DomainServiceAccount.Create("bff", "BFF", "", [], SecretTokens.Hash(_clientSecret), DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        StartAnotherBff();
    }

    /// <summary>Another BFF process on the same keys folder: what a restart or a second replica is.</summary>
    public BffHost StartAnotherBff(bool secureCookies = true)
    {
        var host = new BffHost(this, secureCookies);
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
            await host.DisposeAsync();
        await Auth.DisposeAsync();
        await Tickets.DisposeAsync();
        if (Directory.Exists(_keysPath))
            Directory.Delete(_keysPath, recursive: true);
    }

    public sealed class BffHost(BffFactory stack, bool secureCookies) : WebApplicationFactory<BffApp>
    {
        /// <summary>A browser: its own cookie jar, sending the CSRF header the way the SPA does.</summary>
        public Browser NewBrowser() => new(Server.CreateHandler());

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("EventBus:Transport", "rabbitmq");
            builder.UseSetting("RabbitMq:ConnectionString", TestEnvironment.RabbitMq);
            builder.UseSetting("Services:Auth", "http://auth.test");
            builder.UseSetting("Services:Tickets", "http://tickets.test");
            builder.UseSetting("ServiceAccount:ClientId", "bff");
            builder.UseSetting("ServiceAccount:ClientSecret", stack._clientSecret);
            builder.UseSetting("Bff:DataProtectionKeysPath", stack._keysPath);
            builder.UseSetting("Bff:SecureCookies", secureCookies.ToString());
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(stack.Clock);
                ToAuth<AuthProtos.SigningKeyService.SigningKeyServiceClient>(services);
                ToAuth<AuthProtos.DepartmentService.DepartmentServiceClient>(services);
                ToAuth<AuthProtos.SessionService.SessionServiceClient>(services);
                ToAuth<AuthProtos.UserService.UserServiceClient>(services);
                ToAuth<AuthProtos.CredentialService.CredentialServiceClient>(services);
                ToAuth<AuthProtos.RoleService.RoleServiceClient>(services);
                ToAuth<AuthProtos.ServiceAccountService.ServiceAccountServiceClient>(services);
                ToAuth<AuthProtos.AuditService.AuditServiceClient>(services);
                services.AddGrpcClient<Protos.Tickets.V1.TicketService.TicketServiceClient>()
                    .ConfigurePrimaryHttpMessageHandler(() => stack.Tickets.Server.CreateHandler());
                services.AddGrpcClient<Protos.Tickets.V1.CategoryService.CategoryServiceClient>()
                    .ConfigurePrimaryHttpMessageHandler(() => stack.Tickets.Server.CreateHandler());
                services.AddGrpcClient<Protos.Tickets.V1.SavedViewService.SavedViewServiceClient>()
                    .ConfigurePrimaryHttpMessageHandler(() => stack.Tickets.Server.CreateHandler());
                services.AddGrpcClient<Protos.Tickets.V1.AttachmentService.AttachmentServiceClient>()
                    .ConfigurePrimaryHttpMessageHandler(() => stack.Tickets.Server.CreateHandler());
            });
        }

        private void ToAuth<TClient>(IServiceCollection services) where TClient : class =>
            services.AddGrpcClient<TClient>().ConfigurePrimaryHttpMessageHandler(() => stack.Auth.Server.CreateHandler());
    }
}
