using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TicketTracking.Auth.Domain;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Auth.Security;

/// <summary>Signs access tokens (ES256, with the current key's <c>kid</c>) for users and service accounts.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public Task<(string Token, DateTimeOffset ExpiresAt)> IssueForUserAsync(User user, IReadOnlyCollection<Role> roles, Guid sessionId, CancellationToken cancellationToken) =>
        IssueAsync(new Dictionary<string, object>
        {
            [AccessTokenClaims.Subject] = user.Id.ToString(),
            [AccessTokenClaims.SessionId] = sessionId.ToString(),
            [AccessTokenClaims.Email] = user.Email,
            [AccessTokenClaims.Name] = user.DisplayName,
            [AccessTokenClaims.Department] = user.DepartmentId?.ToString() ?? "",
            [AccessTokenClaims.Roles] = roles.Select(r => r.Name).ToArray(),
            [AccessTokenClaims.Permissions] = PermissionsOf(roles),
        }, cancellationToken);

    public Task<(string Token, DateTimeOffset ExpiresAt)> IssueForServiceAccountAsync(ServiceAccount account, IReadOnlyCollection<Role> roles, CancellationToken cancellationToken) =>
        IssueAsync(new Dictionary<string, object>
        {
            [AccessTokenClaims.Subject] = account.Id.ToString(),
            [AccessTokenClaims.ClientId] = account.ClientId,
            [AccessTokenClaims.Name] = account.Name,
            [AccessTokenClaims.Roles] = roles.Select(r => r.Name).ToArray(),
            [AccessTokenClaims.Permissions] = PermissionsOf(roles),
        }, cancellationToken);

    public static string[] PermissionsOf(IEnumerable<Role> roles) => [.. roles.SelectMany(r => r.Permissions).Distinct().Order(StringComparer.Ordinal)];

    private async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(Dictionary<string, object> claims, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + options.Value.AccessTokenLifetime;
        claims[JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N");
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = AccessTokenClaims.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = await keys.GetSigningCredentialsAsync(cancellationToken),
        });
        return (token, expiresAt);
    }
}
