using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace TicketTracking.Testing;

/// <summary>
/// The Auth service in memory: it signs and validates its own tokens (a fresh key-encryption key per instance), so
/// calls are anonymous unless a test signs in or issues a service-account token.
/// </summary>
public class AuthServiceFactory<TApp, TContext> : ServiceFactory<TApp, TContext>
    where TApp : class
    where TContext : DbContext
{
    public const string PublicBaseUrl = "http://desk.test";

    private readonly string _keyEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected override TestIdentity? DefaultIdentity => null;

    protected virtual int CredentialAttemptsPerMinutePerIp => 10_000;

    protected override bool UsesTestSigningKeys => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:KeyEncryptionKey", _keyEncryptionKey);
        builder.UseSetting("Auth:PublicBaseUrl", PublicBaseUrl);
        // In memory every call comes from one address; the throttling test sets its own limit.
        builder.UseSetting("Auth:CredentialAttemptsPerMinutePerIp", CredentialAttemptsPerMinutePerIp.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
