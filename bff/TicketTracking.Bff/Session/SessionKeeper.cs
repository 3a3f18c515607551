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
        catch (RpcException error) when (error.StatusCode is StatusCode.Unauthenticated or StatusCode.InvalidArgument or StatusCode.NotFound)
        {
            LogEnded(logger, error.Status.Detail);
            await EndAsync(context);
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            // Auth is unreachable: keep the session and check again on the next request, rather than signing
            // everyone out during an Auth restart; calls that need Auth fail on their own meanwhile.
            LogAuthUnreachable(logger, error.Status.Detail);
        }
    }

    private async Task<bool> IsAliveAsync(string? sessionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId))
            return false;
        string token;
        try
        {
            token = await serviceAccount.GetAsync(cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Unauthenticated)
        {
            // The BFF's own credentials are wrong: an ops mistake to fix, not a reason to sign every user out.
            LogServiceAccountRefused(logger, error.Status.Detail);
            return true;
        }
        var reply = await sessions.ValidateSessionAsync(
            new ValidateSessionRequest { SessionId = sessionId },
            new Metadata { { "authorization", $"Bearer {token}" } },
            cancellationToken: cancellationToken);
        return reply.Active;
    }

    private static async Task EndAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Auth refused the BFF's service account (check ServiceAccount:ClientId and ClientSecret): {Reason}")]
    private static partial void LogServiceAccountRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the session with Auth: {Reason}")]
    private static partial void LogAuthUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session ended by Auth: {Reason}")]
    private static partial void LogEnded(ILogger logger, string reason);
}
