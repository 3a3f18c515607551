using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace TicketTracking.Bff.Session;

/// <summary>
/// Makes the signed-in user's access token the request's bearer token: the BFF's own RPCs then check it like every
/// service does (the same access rules, the same validation), and <see cref="ForwardCaller"/> passes it on to the
/// services, with the browser's address and user agent for Auth's throttling and audit log.
/// </summary>
public static class CallerForwarding
{
    private static readonly object AccessTokenKey = new();

    public static IApplicationBuilder UseCallerForwarding(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // A browser's own Authorization header is never trusted: only the session decides who calls.
        http.Request.Headers.Authorization = default;
        if (http.User.Identity?.IsAuthenticated == true
            && await http.GetTokenAsync(CookieAuthenticationDefaults.AuthenticationScheme, SessionCookie.AccessToken) is { } token)
        {
            http.Items[AccessTokenKey] = token;
            http.Request.Headers.Authorization = $"Bearer {token}";
        }
        await next();
    });

    /// <summary>Sends the signed-in user's token (when there is one) and client facts with every call of the client.</summary>
    public static IHttpClientBuilder ForwardCaller(this IHttpClientBuilder client) =>
        client
            .AddCallCredentials((_, metadata, services) =>
            {
                if (services.GetRequiredService<IHttpContextAccessor>().HttpContext is { } http)
                {
                    if (http.Items.TryGetValue(AccessTokenKey, out var token))
                        metadata.Add("authorization", $"Bearer {token}");
                    metadata.Add("x-client-ip", ClientIp(http));
                    if (http.Request.Headers.UserAgent.ToString() is { Length: > 0 } userAgent)
                        metadata.Add("x-client-user-agent", userAgent);
                }
                return Task.CompletedTask;
            })
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true);

    /// <summary>nginx's X-Real-IP (the BFF listens on loopback or the compose network only), else the peer.</summary>
    private static string ClientIp(HttpContext http) =>
        http.Request.Headers["X-Real-IP"].ToString() is { Length: > 0 and <= 64 } real ? real : http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
