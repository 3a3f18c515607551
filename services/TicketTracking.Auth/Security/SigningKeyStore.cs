using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Auth.Security;

/// <summary>
/// The ES256 signing keys in auth_db: creates the first, rotates to a new one when the current one is older than
/// <see cref="AuthOptions.SigningKeyRotation"/> (the previous one stays published until its tokens have expired), and
/// serves the public keys to Auth's own token validation and to <c>GetSigningKeys</c>. Replicas share the table; an
/// advisory lock makes one of them create a key while the others wait and read it.
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes, KeyProtector protector, IOptions<AuthOptions> options, TimeProvider clock)
    : ISigningKeySource, IDisposable
{
    private const string Purpose = "signing-key";
    private const long RotationLockId = 0x7475_6b65_7973; // "tukeys": any constant unique within auth_db
    private static readonly TimeSpan ReloadAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _load = new(1, 1);

    // One credentials object per key for the process's life: IdentityModel caches its signature provider per key
    // object, and a token being signed must never see its key disposed by a reload.
    private readonly Dictionary<string, SigningCredentials> _credentials = new(StringComparer.Ordinal);
    private (SigningKey Current, SigningCredentials Credentials, List<SigningKey> Published, DateTimeOffset LoadedAt)? _state;

    /// <summary>The key that signs now, with its private part.</summary>
    public async Task<SigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken)
    {
        return (await StateAsync(cancellationToken)).Credentials;
    }

    public async Task<GetSigningKeysResponse> GetSigningKeysAsync(CancellationToken cancellationToken)
    {
        var state = await StateAsync(cancellationToken);
        return new GetSigningKeysResponse
        {
            Keys = { state.Published.Select(ToJwk) },
            Issuer = options.Value.Issuer,
            Audience = AccessTokenClaims.Audience,
            CacheFor = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
        };
    }

    private async Task<(SigningKey Current, SigningCredentials Credentials, List<SigningKey> Published, DateTimeOffset LoadedAt)> StateAsync(CancellationToken cancellationToken)
    {
        if (_state is { } state && IsFresh(state.Current, state.LoadedAt))
            return state;
        await _load.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have loaded while this one waited.
            if (_state is { } loaded && IsFresh(loaded.Current, loaded.LoadedAt))
                return loaded;
            var (current, published) = await LoadOrRotateAsync(cancellationToken);
            if (!_credentials.TryGetValue(current.Kid, out var credentials))
            {
                var key = ECDsa.Create();
                key.ImportPkcs8PrivateKey(protector.Decrypt(current.EncryptedPrivateKey, Purpose), out _);
                credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = current.Kid }, SecurityAlgorithms.EcdsaSha256);
                _credentials[current.Kid] = credentials;
            }
            _state = (current, credentials, published, clock.GetUtcNow());
            return _state.Value;
        }
        finally
        {
            _load.Release();
        }
    }

    private bool IsFresh(SigningKey current, DateTimeOffset loadedAt)
    {
        var now = clock.GetUtcNow();
        return now - loadedAt < ReloadAfter && now - current.CreatedAt < options.Value.SigningKeyRotation;
    }

    private async Task<(SigningKey Current, List<SigningKey> Published)> LoadOrRotateAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RotationLockId})", cancellationToken);

        var now = clock.UtcNowForDatabase();
        var keys = await db.SigningKeys.OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        var current = keys.FirstOrDefault(k => k.RetiredAt is null);
        if (current is null || now - current.CreatedAt >= options.Value.SigningKeyRotation)
        {
            current?.Retire(now);
            current = NewKey(now);
            db.SigningKeys.Add(current);
            keys.Insert(0, current);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);

        // A retired key verifies the tokens it signed until the last of them has expired.
        var publishedUntil = options.Value.AccessTokenLifetime + ClockSkew;
        return (current, [.. keys.Where(k => k.RetiredAt is null || now - k.RetiredAt < publishedUntil)]);
    }

    private SigningKey NewKey(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var kid = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        return new SigningKey(kid, Base64UrlEncoder.Encode(point.X!), Base64UrlEncoder.Encode(point.Y!),
            protector.Encrypt(key.ExportPkcs8PrivateKey(), Purpose), now);
    }

    private static SigningPublicKey ToJwk(SigningKey key) => new()
    {
        Kid = key.Kid,
        Kty = "EC",
        Crv = "P-256",
        X = key.PublicX,
        Y = key.PublicY,
        Alg = AccessTokenClaims.Algorithm,
        Use = "sig",
    };

    public void Dispose()
    {
        foreach (var credentials in _credentials.Values)
            ((ECDsaSecurityKey)credentials.Key).ECDsa.Dispose();
        _load.Dispose();
    }
}
