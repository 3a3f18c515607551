using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace TicketTracking.Bff.Session;

public static class SessionSetup
{
    /// <summary>
    /// The cookie session (ARCHITECTURE.md §4): HttpOnly, SameSite=Strict, Secure unless turned off for plain-HTTP
    /// loopback; Data Protection keys in a shared folder; CSRF tokens; 401 (never a redirect) without a session.
    /// </summary>
    public static WebApplicationBuilder AddBffSession(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(BffOptions.Section).Get<BffOptions>() ?? new BffOptions();
        builder.Services.AddOptions<BffOptions>().BindConfiguration(BffOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpContextAccessor();

        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("tickettracking-bff");
        if (options.DataProtectionKeysPath.Length > 0)
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(options.DataProtectionKeysPath));

        var securePolicy = options.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.None;
        builder.Services.AddScoped<SessionKeeper>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = SessionCookie.Name;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = securePolicy;
                cookie.Cookie.Path = "/";
                // The cookie lives as long as the refresh token in it (set at sign-in and every refresh).
                cookie.SlidingExpiration = false;
                cookie.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<SessionKeeper>().ValidateAsync(context);
                cookie.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
            });
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = CsrfProtection.HeaderName;
            antiforgery.Cookie.Name = "tt.antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = securePolicy;
            antiforgery.SuppressXFrameOptionsHeader = true; // nginx sets the security headers
        });
        return builder;
    }

    public static WebApplication UseBffSession(this WebApplication app)
    {
        // nginx terminates TLS and says so in X-Forwarded-Proto; Secure cookies need the request to count as HTTPS.
        // Only nginx can reach the BFF (loopback, or the compose network), so its forwarded headers are trusted.
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto };
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        app.UseForwardedHeaders(forwarded);
        app.UseAuthentication();
        app.UseCsrfProtection();
        app.UseCallerForwarding();
        return app;
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
