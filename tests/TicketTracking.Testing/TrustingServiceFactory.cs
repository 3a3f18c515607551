using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Testing;

/// <summary>
/// A service in memory that validates tokens with an in-memory Auth's keys (<paramref name="authKeys"/>), as the real
/// services do with Auth's JWKS: tokens from Auth's real sign-in work against it.
/// </summary>
public sealed class TrustingServiceFactory<TApp, TContext>(Func<ISigningKeySource> authKeys) : ServiceFactory<TApp, TContext>
    where TApp : class
    where TContext : DbContext
{
    protected override TestIdentity? DefaultIdentity => null;

    protected override bool UsesTestSigningKeys => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton(_ => authKeys()));
        builder.SendThroughSink();
    }
}
