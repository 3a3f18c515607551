using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using TicketTracking.Protos.Auth.V1;

namespace TicketTracking.ServiceDefaults.Security;

/// <summary>Where the public signing keys come from: Auth's <c>GetSigningKeys</c>, or Auth's own key store inside Auth.</summary>
public interface ISigningKeySource
{
    Task<GetSigningKeysResponse> GetSigningKeysAsync(CancellationToken cancellationToken);
}

/// <summary>Asks Auth over gRPC (every app but Auth).</summary>
internal sealed class RemoteSigningKeySource(SigningKeyService.SigningKeyServiceClient client) : ISigningKeySource
{
    public async Task<GetSigningKeysResponse> GetSigningKeysAsync(CancellationToken cancellationToken) =>
        await client.GetSigningKeysAsync(new GetSigningKeysRequest(), cancellationToken: cancellationToken);
}

/// <summary>
/// The JWKS, cached for as long as Auth says, and fetched again early when a token names a key id the cache does not
/// know (a rotation happened) — at most once per <see cref="UnknownKidRefreshInterval"/>, so tokens with made-up key
/// ids cannot make every request call Auth.
/// </summary>
public sealed partial class SigningKeyCache(ISigningKeySource source, TimeProvider clock, ILogger<SigningKeyCache> logger) : IDisposable
{
    public static readonly TimeSpan UnknownKidRefreshInterval = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _fetch = new(1, 1);
    private Snapshot? _snapshot;

    /// <summary>The published keys by key id, with the issuer and audience tokens must name.</summary>
    public sealed record Snapshot(IReadOnlyDictionary<string, SecurityKey> Keys, string Issuer, string Audience, DateTimeOffset FetchedAt, DateTimeOffset ExpiresAt);

    public async Task<Snapshot> GetAsync(string? kid, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var snapshot = _snapshot;
        if (snapshot is not null && now < snapshot.ExpiresAt && (kid is null || snapshot.Keys.ContainsKey(kid) || now - snapshot.FetchedAt < UnknownKidRefreshInterval))
            return snapshot;

        await _fetch.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have fetched while this one waited.
            if (_snapshot is { } fresh && fresh != snapshot && (kid is null || fresh.Keys.ContainsKey(kid)))
                return fresh;
            var response = await source.GetSigningKeysAsync(cancellationToken);
            var fetchedAt = clock.GetUtcNow();
            var cacheFor = response.CacheFor?.ToTimeSpan() is { } span && span > TimeSpan.Zero ? span : TimeSpan.FromMinutes(5);
            _snapshot = new Snapshot(response.Keys.ToDictionary(k => k.Kid, ToSecurityKey, StringComparer.Ordinal),
                response.Issuer, response.Audience, fetchedAt, fetchedAt + cacheFor);
            LogFetched(logger, response.Keys.Count);
            return _snapshot;
        }
        finally
        {
            _fetch.Release();
        }
    }

    private static SecurityKey ToSecurityKey(SigningPublicKey key) => new JsonWebKey
    {
        Kid = key.Kid,
        Kty = key.Kty,
        Crv = key.Crv,
        X = key.X,
        Y = key.Y,
        Alg = key.Alg,
        Use = key.Use,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Count} signing keys from Auth")]
    private static partial void LogFetched(ILogger logger, int count);

    public void Dispose() => _fetch.Dispose();
}
