using System.Security.Claims;
using Google.Rpc;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using TicketTracking.Bff.Responses;

namespace TicketTracking.Bff.Session;

/// <summary>
/// CSRF protection for the cookie session: every POST, PUT, PATCH or DELETE under /api/ must carry the
/// <see cref="HeaderName"/> header with the token of the readable <see cref="CookieName"/> cookie (ASP.NET Core
/// Antiforgery: the token is bound to a secret HttpOnly cookie and to the signed-in user). SameSite=Strict already
/// keeps other sites' requests from carrying the session; the token also stops login CSRF and same-site attackers.
/// </summary>
public static class CsrfProtection
{
    public const string HeaderName = "X-CSRF-Token";
    public const string CookieName = "tt.csrf";

    private static readonly object IssuedKey = new();

    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // Health probes, metrics and gRPC callers are not the SPA: no cookies for them, and no cookie to check.
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            await next();
            return;
        }
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            // Secure-only cookies cannot be set over plain HTTP (a misrouted request): skip, not fail.
            if (http.Request.IsHttps || !Options(http).SecureCookies)
                Issue(http);
        }
        else if (!await antiforgery.IsRequestValidAsync(http))
        {
            await ApiErrors.WriteAsync(http, StatusCodes.Status403Forbidden, Code.PermissionDenied,
                $"The request lacks a valid {HeaderName} header: reload the page and try again.", reason: "CSRF_TOKEN_INVALID");
            return;
        }
        await next();
    });

    /// <summary>A token for the current user in the readable cookie (again after sign-in and sign-out: it is bound to the user).</summary>
    public static string Issue(HttpContext http)
    {
        // Once per request and user: GET /api/v1/auth/csrf would otherwise set the cookie twice (here and in the RPC).
        if (http.Items[IssuedKey] is (ClaimsPrincipal user, string issued) && ReferenceEquals(user, http.User))
            return issued;
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        http.Items[IssuedKey] = (http.User, tokens.RequestToken!);
        http.Response.Cookies.Append(CookieName, tokens.RequestToken!, new CookieOptions
        {
            HttpOnly = false, // the SPA reads it to send the header
            SameSite = SameSiteMode.Strict,
            Secure = Options(http).SecureCookies,
            Path = "/",
        });
        return tokens.RequestToken!;
    }

    private static BffOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<BffOptions>>().Value;
}
