using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using TicketTracking.Bff.Session;
using TicketTracking.Protos.Bff.V1;
using TicketTracking.ServiceDefaults.Grpc;
using Auth = TicketTracking.Protos.Auth.V1;

namespace TicketTracking.Bff.Grpc;

/// <summary>Sign-in and the account pages that need no session; tokens stay in cookies the SPA cannot read.</summary>
public sealed class SessionApi(
    Auth.SessionService.SessionServiceClient sessions, Auth.UserService.UserServiceClient users,
    Auth.CredentialService.CredentialServiceClient credentials, IDataProtectionProvider dataProtection, TimeProvider clock)
    : SessionService.SessionServiceBase
{
    /// <summary>A pending second-factor challenge, encrypted, for as long as Auth keeps it.</summary>
    private const string ChallengeCookie = "tt.challenge";

    private IDataProtector ChallengeProtector => dataProtection.CreateProtector("tt.challenge");

    public override Task<CsrfToken> GetCsrfToken(Empty request, ServerCallContext context) =>
        Task.FromResult(new CsrfToken { Token = CsrfProtection.Issue(context.GetHttpContext()) });

    public override async Task<LoginResponse> Login(LoginRequest request, ServerCallContext context)
    {
        var reply = await sessions.LoginAsync(new Auth.LoginRequest { Email = request.Email, Password = request.Password }, cancellationToken: context.CancellationToken);
        var http = context.GetHttpContext();
        if (reply.ResultCase == Auth.LoginResponse.ResultOneofCase.Challenge)
        {
            http.Response.Cookies.Append(ChallengeCookie, ChallengeProtector.Protect(reply.Challenge.ChallengeToken), ChallengeCookieOptions(http, reply.Challenge.ExpiresAt));
            return new LoginResponse { SecondFactor = Prompt(reply.Challenge.Methods, reply.Challenge.OtpSentTo, reply.Challenge.ExpiresAt) };
        }
        return await SignedInAsync(http, reply.Tokens);
    }

    public override async Task<LoginResponse> VerifySecondFactor(VerifySecondFactorRequest request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var reply = await sessions.VerifySecondFactorAsync(new Auth.VerifySecondFactorRequest
        {
            ChallengeToken = Challenge(http),
            Method = request.Method,
            Code = request.Code,
        }, cancellationToken: context.CancellationToken);
        http.Response.Cookies.Delete(ChallengeCookie, new CookieOptions { Path = "/api/v1/auth/login" });
        return await SignedInAsync(http, reply.Tokens);
    }

    public override async Task<SecondFactorPrompt> ResendOtp(Empty request, ServerCallContext context)
    {
        var reply = await sessions.ResendOtpAsync(new Auth.ResendOtpRequest { ChallengeToken = Challenge(context.GetHttpContext()) }, cancellationToken: context.CancellationToken);
        return Prompt([Auth.TwoFactorMethod.EmailOtp], reply.OtpSentTo, reply.ExpiresAt);
    }

    public override async Task<Empty> Logout(LogoutRequest request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (await http.GetTokenAsync(CookieAuthenticationDefaults.AuthenticationScheme, SessionCookie.RefreshToken) is { } refreshToken)
            await sessions.LogoutAsync(new Auth.LogoutRequest { RefreshToken = refreshToken, AllSessions = request.AllSessions }, cancellationToken: context.CancellationToken);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        http.User = new System.Security.Claims.ClaimsPrincipal();
        CsrfProtection.Issue(http);
        return new Empty();
    }

    public override async Task<Auth.RegisterUserResponse> Register(Auth.RegisterUserRequest request, ServerCallContext context) =>
        await users.RegisterUserAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ForgotPasswordResponse> ForgotPassword(Auth.ForgotPasswordRequest request, ServerCallContext context) =>
        await credentials.ForgotPasswordAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ResetPasswordResponse> ResetPassword(Auth.ResetPasswordRequest request, ServerCallContext context) =>
        await credentials.ResetPasswordAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.ChangePasswordResponse> ChangePassword(Auth.ChangePasswordRequest request, ServerCallContext context) =>
        await credentials.ChangePasswordAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.GetInvitationResponse> GetInvitation(Auth.GetInvitationRequest request, ServerCallContext context) =>
        await users.GetInvitationAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Auth.AcceptInvitationResponse> AcceptInvitation(Auth.AcceptInvitationRequest request, ServerCallContext context) =>
        await users.AcceptInvitationAsync(request, cancellationToken: context.CancellationToken);

    private async Task<LoginResponse> SignedInAsync(HttpContext http, Auth.SessionTokens tokens)
    {
        await SessionCookie.SignInAsync(http, tokens, clock);
        // The CSRF token is bound to the user: the signed-in user needs a new one.
        CsrfProtection.Issue(http);
        return new LoginResponse { User = tokens.User };
    }

    private string Challenge(HttpContext http)
    {
        try
        {
            return http.Request.Cookies[ChallengeCookie] is { } value ? ChallengeProtector.Unprotect(value) : throw NoChallenge();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw NoChallenge();
        }
    }

    private static RpcException NoChallenge() =>
        GrpcErrors.Build(Google.Rpc.Code.Unauthenticated, "This sign-in has expired or was already completed: sign in again.", "CHALLENGE_EXPIRED");

    private static CookieOptions ChallengeCookieOptions(HttpContext http, Timestamp expiresAt) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<BffOptions>>().Value.SecureCookies,
        Path = "/api/v1/auth/login",
        Expires = expiresAt.ToDateTimeOffset(),
    };

    private static SecondFactorPrompt Prompt(IEnumerable<Auth.TwoFactorMethod> methods, string otpSentTo, Timestamp expiresAt) =>
        new() { Methods = { methods }, OtpSentTo = otpSentTo, ExpiresAt = expiresAt };
}
