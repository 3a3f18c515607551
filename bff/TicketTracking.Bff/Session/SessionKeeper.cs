using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Bff.Session;

/// <summary>
/// Runs on every request with a session cookie: refreshes the access token shortly before it expires (the browser
/// notices nothing but a renewed cookie), and asks Auth at most every 10 s whether the session is still alive, so a
/// logout elsewhere, a password change or a deactivation ends it here within 10 s.
/// </summary>
public sealed partial class SessionKeeper(
    SessionService.SessionServiceClient sessions, IServiceAccountTokens serviceAccount, TimeProvider clock, ILogger<SessionKeeper> logger)
{
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(10);

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var properties = context.Properties;
        var now = clock.GetUtcNow();
        try
        {
            if (SessionCookie.Time(properties, SessionCookie.CheckedAt) is not { } checkedAt || now - checkedAt >= CheckEvery)
            {
                if (!await IsAliveAsync(context.Principal?.FindFirst(SessionCookie.SessionIdClaim)?.Value, context.HttpContext.RequestAborted))
                {
                    await EndAsync(context);
                    return;
                }
                properties.Items[SessionCookie.CheckedAt] = now.ToString("O", CultureInfo.InvariantCulture);
                context.ShouldRenew = true;
            }

            if (SessionCookie.Time(properties, SessionCookie.AccessTokenExpiresAt) is not { } expiresAt || expiresAt - now <= RefreshBefore)
            {
                var reply = await sessions.RefreshSessionAsync(
                    new RefreshSessionRequest { RefreshToken = properties.GetTokenValue(SessionCookie.RefreshToken) ?? "" },
                    cancellationToken: context.HttpContext.RequestAborted);
                SessionCookie.Store(properties, reply.Tokens, now);
                context.ShouldRenew = true;
            }
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.Unauthenticated or StatusCode.InvalidArgument)
        {
            LogEnded(logger, error.Status.Detail);
            await EndAsync(context);
        }
    }

    private async Task<bool> IsAliveAsync(string? sessionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId))
            return false;
        var reply = await sessions.ValidateSessionAsync(
            new ValidateSessionRequest { SessionId = sessionId },
            new Metadata { { "authorization", $"Bearer {await serviceAccount.GetAsync(cancellationToken)}" } },
            cancellationToken: cancellationToken);
        return reply.Active;
    }

    private static async Task EndAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session ended by Auth: {Reason}")]
    private static partial void LogEnded(ILogger logger, string reason);
}
