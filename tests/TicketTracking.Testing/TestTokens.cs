using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Testing;

/// <summary>Who a test calls a service as (see <see cref="TestTokens"/>).</summary>
public sealed record TestIdentity(Guid Id, IReadOnlyList<string> Permissions, bool IsServiceAccount = false, Guid? DepartmentId = null)
{
    public static TestIdentity User(params string[] permissions) => new(Guid.NewGuid(), permissions);

    public static TestIdentity ServiceAccount(params string[] permissions) => new(Guid.NewGuid(), permissions, IsServiceAccount: true);

    /// <summary>Internal tooling holding every permission: what a test uses when who calls does not matter.</summary>
    public static readonly TestIdentity Tooling = ServiceAccount(
        "tickets.create", "tickets.read.own", "tickets.read.assigned", "tickets.read.all", "tasks.act", "tasks.transfer",
        "workflows.manage", "users.manage", "templates.manage", "reports.read");
}

/// <summary>
/// Access tokens for testing a service without Auth: signed with a test key that <see cref="Source"/> publishes in
/// place of Auth's JWKS, and otherwise exactly as Auth shapes them (ES256, <c>kid</c>, claims of ARCHITECTURE.md §3).
/// </summary>
public static class TestTokens
{
    public const string Issuer = "tickettracking-test";
    private const string Kid = "test-signing-key";
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly JsonWebTokenHandler Handler = new();

    public static ISigningKeySource Source { get; } = new TestKeySource();

    public static string For(TestIdentity identity, TimeSpan? lifetime = null, Action<Dictionary<string, object>>? tamper = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            [AccessTokenClaims.Subject] = identity.Id.ToString(),
            [AccessTokenClaims.Name] = identity.IsServiceAccount ? "test tooling" : "Test User",
            [AccessTokenClaims.Permissions] = identity.Permissions.ToArray(),
            [AccessTokenClaims.Roles] = Array.Empty<string>(),
        };
        if (identity.IsServiceAccount)
            claims[AccessTokenClaims.ClientId] = "test-tooling";
        else
        {
            claims[AccessTokenClaims.SessionId] = Guid.NewGuid().ToString();
            claims[AccessTokenClaims.Email] = $"user-{identity.Id:N}@example.com";
            claims[AccessTokenClaims.Department] = identity.DepartmentId?.ToString() ?? "";
        }
        tamper?.Invoke(claims);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = AccessTokenClaims.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(5)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(Key) { KeyId = Kid }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private sealed class TestKeySource : ISigningKeySource
    {
        public Task<GetSigningKeysResponse> GetSigningKeysAsync(CancellationToken cancellationToken)
        {
            var point = Key.ExportParameters(includePrivateParameters: false).Q;
            return Task.FromResult(new GetSigningKeysResponse
            {
                Keys =
                {
                    new SigningPublicKey
                    {
                        Kid = Kid, Kty = "EC", Crv = "P-256", Alg = AccessTokenClaims.Algorithm, Use = "sig",
                        X = Base64UrlEncoder.Encode(point.X!), Y = Base64UrlEncoder.Encode(point.Y!),
                    },
                },
                Issuer = Issuer,
                Audience = AccessTokenClaims.Audience,
                CacheFor = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
            });
        }
    }
}

public static class TestServiceAccount
{
    /// <summary>
    /// Makes an app that calls others with its own service account (a worker, the BFF) use a test token instead of
    /// asking Auth for one; the services it calls accept it because they validate with <see cref="TestTokens"/>' key.
    /// </summary>
    public static void UseTestServiceAccount(this IWebHostBuilder builder)
    {
        builder.UseSetting("ServiceAccount:ClientId", "test-worker");
        builder.UseSetting("ServiceAccount:ClientSecret", "not-used-in-tests");
        builder.UseSetting("Services:Auth", "http://127.0.0.1:1");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(TestTokens.Source);
            services.AddSingleton<IServiceAccountTokens>(new FixedToken(TestTokens.For(TestIdentity.ServiceAccount())));
        });
    }

    private sealed class FixedToken(string token) : IServiceAccountTokens
    {
        public Task<string> GetAsync(CancellationToken cancellationToken) => Task.FromResult(token);
    }
}
