using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.ServiceDefaults.Tests;

/// <summary>Every service caches Auth's JWKS, and asks again when a token names a key it does not know.</summary>
public sealed class SigningKeyCacheTests
{
    private sealed class CountingSource : ISigningKeySource
    {
        public List<string> Kids { get; } = ["first"];

        public int Fetches { get; private set; }

        public Task<GetSigningKeysResponse> GetSigningKeysAsync(CancellationToken cancellationToken)
        {
            Fetches++;
            return Task.FromResult(new GetSigningKeysResponse
            {
                Keys = { Kids.Select(kid => new SigningPublicKey { Kid = kid, Kty = "EC", Crv = "P-256", X = "AA", Y = "AA", Alg = "ES256", Use = "sig" }) },
                Issuer = "auth",
                Audience = "tickettracking",
                CacheFor = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
            });
        }
    }

    private readonly CountingSource _source = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_known_key_is_served_from_the_cache()
    {
        using var cache = new SigningKeyCache(_source, _clock, NullLogger<SigningKeyCache>.Instance);

        await cache.GetAsync("first", CancellationToken.None);
        await cache.GetAsync("first", CancellationToken.None);

        _source.Fetches.ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_key_id_fetches_again_so_a_rotated_key_is_accepted_at_once()
    {
        using var cache = new SigningKeyCache(_source, _clock, NullLogger<SigningKeyCache>.Instance);
        await cache.GetAsync("first", CancellationToken.None);
        _source.Kids.Add("second");
        _clock.Advance(SigningKeyCache.UnknownKidRefreshInterval);

        var snapshot = await cache.GetAsync("second", CancellationToken.None);

        snapshot.Keys.Keys.ShouldBe(["first", "second"], ignoreOrder: true);
        _source.Fetches.ShouldBe(2);
    }

    [Fact]
    public async Task Made_up_key_ids_cannot_make_every_request_call_auth()
    {
        using var cache = new SigningKeyCache(_source, _clock, NullLogger<SigningKeyCache>.Instance);
        await cache.GetAsync("first", CancellationToken.None);
        _clock.Advance(SigningKeyCache.UnknownKidRefreshInterval);

        for (var i = 0; i < 20; i++)
            await cache.GetAsync($"forged-{i}", CancellationToken.None);

        _source.Fetches.ShouldBe(2);
    }

    [Fact]
    public async Task The_cache_expires_after_the_time_auth_names()
    {
        using var cache = new SigningKeyCache(_source, _clock, NullLogger<SigningKeyCache>.Instance);
        await cache.GetAsync(null, CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(11));
        await cache.GetAsync(null, CancellationToken.None);

        _source.Fetches.ShouldBe(2);
    }
}
