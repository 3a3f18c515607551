using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using TicketTracking.Protos.Auth.V1;

namespace TicketTracking.Bff.Session;

/// <summary>
/// The browser session: Auth's tokens in the encrypted (chunked) auth cookie, so the BFF keeps no state of its own.
/// </summary>
public static class SessionCookie
{
    public const string Name = "tt.session";
    public const string AccessToken = "access_token";
    public const string RefreshToken = "refresh_token";
    public const string AccessTokenExpiresAt = "access_token_expires_at";

    /// <summary>When Auth last confirmed the session is alive (ARCHITECTURE.md §3: at most every 10 s).</summary>
    public const string CheckedAt = "session_checked_at";

    public const string SessionIdClaim = "sid";

    public static async Task SignInAsync(HttpContext http, SessionTokens tokens, TimeProvider clock)
    {
        var identity = new ClaimsIdentity(
            [new Claim("sub", tokens.User.Id), new Claim(SessionIdClaim, tokens.SessionId)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties
        {
            IsPersistent = true,
            ExpiresUtc = tokens.RefreshTokenExpiresAt.ToDateTimeOffset(),
        };
        Store(properties, tokens, clock.GetUtcNow());
        var principal = new ClaimsPrincipal(identity);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, properties);
        http.User = principal;
    }

    /// <summary>Puts fresh tokens (after sign-in or a refresh) into the cookie's properties.</summary>
    public static void Store(AuthenticationProperties properties, SessionTokens tokens, DateTimeOffset checkedAt)
    {
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = AccessToken, Value = tokens.AccessToken },
            new AuthenticationToken { Name = RefreshToken, Value = tokens.RefreshToken },
            new AuthenticationToken { Name = AccessTokenExpiresAt, Value = tokens.AccessTokenExpiresAt.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture) },
        ]);
        properties.ExpiresUtc = tokens.RefreshTokenExpiresAt.ToDateTimeOffset();
        properties.Items[CheckedAt] = checkedAt.ToString("O", CultureInfo.InvariantCulture);
    }

    public static DateTimeOffset? Time(AuthenticationProperties properties, string name)
    {
        var value = properties.Items.TryGetValue(name, out var item) ? item : properties.GetTokenValue(name);
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;
    }
}
