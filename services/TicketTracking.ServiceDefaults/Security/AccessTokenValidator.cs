using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TicketTracking.ServiceDefaults.Security;

/// <summary>
/// Validates an access token locally against Auth's cached public keys: ES256 only (so <c>alg: none</c> and HMAC
/// tokens signed with a public key are refused), issuer and audience as Auth publishes them, lifetime with 30 s skew.
/// </summary>
public sealed class AccessTokenValidator(SigningKeyCache keys, TimeProvider clock)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <returns>The caller, or null with a reason when the token is not acceptable.</returns>
    public async Task<(Caller? Caller, string? Failure)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        string? kid;
        try
        {
            kid = _handler.ReadJsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return (null, "The access token is malformed.");
        }
        if (string.IsNullOrEmpty(kid))
            return (null, "The access token names no signing key.");

        var snapshot = await keys.GetAsync(kid, cancellationToken);
        if (!snapshot.Keys.TryGetValue(kid, out var key))
            return (null, "The access token was signed with an unknown key.");

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = snapshot.Issuer,
            ValidAudience = snapshot.Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = [AccessTokenClaims.Algorithm],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) => ValidLifetime(notBefore, expires),
            NameClaimType = AccessTokenClaims.Name,
        });
        if (!result.IsValid || !Guid.TryParse(result.ClaimsIdentity.FindFirst(AccessTokenClaims.Subject)?.Value, out _))
            return (null, "The access token is invalid or expired.");
        return (Caller.FromClaims(result.ClaimsIdentity, token), null);
    }

    // The handler's own lifetime check reads the system clock; this one reads the injected TimeProvider, so tests can
    // move time instead of waiting for a token to expire.
    private bool ValidLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is { } exp && now <= exp.ToUniversalTime() + ClockSkew
            && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - ClockSkew);
    }
}
