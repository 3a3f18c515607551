using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Security;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using User = TicketTracking.Auth.Domain.User;

namespace TicketTracking.Auth.Grpc;

public sealed class SessionGrpcService(
    AuthDbContext db, RoleDirectory roles, PasswordPolicy passwords, SessionIssuer sessions, SecondFactors secondFactors,
    AbuseGuard guard, AuditTrail audit, EventOutbox events, IOptions<AuthOptions> options, TimeProvider clock)
    : SessionService.SessionServiceBase
{
    private AuthOptions Options => options.Value;

    public override async Task<LoginResponse> Login(LoginRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("email", request.Email).Required("password", request.Password).ThrowIfAny();
        var client = context.ClientFacts();
        guard.Admit(client.IpAddress);
        var ct = context.CancellationToken;

        var user = await CheckPasswordAsync(request, context);
        var now = clock.UtcNowForDatabase();
        if (RefusalOf(user) is { } refusal)
        {
            audit.Record(context, "login.failed", false, "user", user.Id.ToString(), new() { ["reason"] = refusal.Reason }, actorId: user.Id);
            await db.SaveChangesAsync(ct);
            throw GrpcErrors.FailedPrecondition("account", refusal.Message, refusal.Reason);
        }

        var methods = SecondFactors.ChallengeMethods(user, await roles.RolesOfAsync(user.RoleIds, ct));
        if (methods.Count > 0)
        {
            var token = SecretTokens.New();
            var challenge = OneTimeToken.Create(user.Id, OneTimeTokenPurpose.SignInChallenge, SecretTokens.Hash(token), now, Options.SignInChallengeLifetime);
            db.OneTimeTokens.Add(challenge);
            var answer = new SecondFactorChallenge { ChallengeToken = token, Methods = { methods }, ExpiresAt = Timestamp.FromDateTimeOffset(challenge.ExpiresAt) };
            if (SecondFactors.MailsOtpAtOnce(methods))
            {
                secondFactors.SendOtp(user, challenge, client);
                answer.OtpSentTo = Mask(user.Email);
            }
            audit.Record(context, "login.challenged", true, "user", user.Id.ToString(),
                new() { ["methods"] = string.Join(",", methods) }, actorId: user.Id);
            await db.SaveChangesAsync(ct);
            return new LoginResponse { Challenge = answer };
        }

        var (session, tokens) = await sessions.StartAsync(user, client, ct);
        audit.Record(context, "login.succeeded", true, "session", session.Id.ToString(), actorId: user.Id, sessionId: session.Id);
        await db.SaveChangesAsync(ct);
        return new LoginResponse { Tokens = tokens };
    }

    /// <summary>
    /// The user whose password this is. Every failure — unknown email, wrong password, locked account — gets the same
    /// answer after the same work (a decoy hash check), so sign-in cannot tell who has an account. Failures count
    /// towards lockout; while locked, the password is not even checked, so guessing during a lockout learns nothing.
    /// </summary>
    private async Task<User> CheckPasswordAsync(LoginRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var email = User.Normalize(request.Email);
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.UtcNowForDatabase();
            var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == email, ct);
            var locked = user?.IsLocked(now) == true;
            if (passwords.Verify(locked ? null : user?.PasswordHash, request.Password))
                return user!;

            var reason = user is null ? "unknown_email" : locked ? "locked" : user.PasswordHash is null ? "no_password" : "bad_password";
            if (user is not null && !locked && user.RecordFailedSignIn(Lockout, now))
                LockedOut(user, context, now);
            audit.Record(context, "login.failed", false, "user", user?.Id.ToString() ?? "",
                new() { ["reason"] = reason, ["email"] = email.Length > 254 ? email[..254] : email });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Another failed attempt on the same account saved first; count this one on top of it.
                db.ChangeTracker.Clear();
                continue;
            }
            throw GrpcErrors.Build(Code.Unauthenticated, "The email or password is incorrect, or the account is temporarily locked.", "BAD_CREDENTIALS");
        }
    }

    private LockoutPolicy Lockout => new(Options.LockoutMaxFailedAttempts, Options.LockoutWindow, Options.LockoutDuration);

    private void LockedOut(User user, ServerCallContext context, DateTimeOffset now)
    {
        var client = context.ClientFacts();
        audit.Record(context, "account.locked", true, "user", user.Id.ToString(), new() { ["until"] = user.LockedUntil!.Value.ToString("O") });
        events.Stage(db, new AccountLocked
        {
            UserId = user.Id.ToString(),
            AggregateVersion = now.ToUnixTimeMilliseconds(),
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            Email = user.Email,
            DisplayName = user.DisplayName,
            LockedUntil = Timestamp.FromDateTimeOffset(user.LockedUntil!.Value),
            FailedAttempts = Options.LockoutMaxFailedAttempts,
            LastAttemptIp = client.IpAddress,
        }, user.Id.ToString());
    }

    /// <summary>Why a user who proved their password still may not sign in (they may be told: they own the account).</summary>
    private static (string Reason, string Message)? RefusalOf(User user) => user.Status switch
    {
        Domain.UserStatus.Pending => ("ACCOUNT_PENDING", "Your registration is waiting for an administrator's approval."),
        Domain.UserStatus.Rejected => ("ACCOUNT_REJECTED", $"Your registration was rejected: {user.RejectionReason}"),
        Domain.UserStatus.Deactivated => ("ACCOUNT_DEACTIVATED", "Your account has been deactivated; ask an administrator."),
        _ => null,
    };

    public override async Task<VerifySecondFactorResponse> VerifySecondFactor(VerifySecondFactorRequest request, ServerCallContext context)
    {
        new FieldViolations()
            .Required("challenge_token", request.ChallengeToken)
            .Check(request.Method != TwoFactorMethod.Unspecified, "method", "is required.")
            .Required("code", request.Code)
            .MaxLength("code", request.Code, 32)
            .ThrowIfAny();
        var client = context.ClientFacts();
        guard.Admit(client.IpAddress);
        var ct = context.CancellationToken;

        var (challenge, user) = await ChallengeAsync(request.ChallengeToken, ct);
        var methods = SecondFactors.ChallengeMethods(user, await roles.RolesOfAsync(user.RoleIds, ct));
        if (!methods.Contains(request.Method))
            throw GrpcErrors.InvalidArgument("method", $"must be one of: {string.Join(", ", methods)}.");

        if (!await secondFactors.VerifyAsync(user, challenge, request.Method, request.Code, ct))
        {
            audit.Record(context, "login.second_factor_failed", false, "user", user.Id.ToString(),
                new() { ["method"] = request.Method.ToString(), ["attempts"] = challenge.FailedAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                actorId: user.Id);
            await db.SaveChangesAsync(ct);
            throw challenge.IsUsable(clock.GetUtcNow())
                ? GrpcErrors.InvalidArgument("code", "is not correct.")
                : GrpcErrors.Build(Code.Unauthenticated, "Too many wrong codes: sign in again.", "CHALLENGE_EXHAUSTED");
        }

        challenge.Consume(clock.UtcNowForDatabase());
        var (session, tokens) = await sessions.StartAsync(user, client, ct);
        audit.Record(context, "login.succeeded", true, "session", session.Id.ToString(),
            new() { ["second_factor"] = request.Method.ToString() }, actorId: user.Id, sessionId: session.Id);
        await db.SaveChangesAsync(ct);
        return new VerifySecondFactorResponse { Tokens = tokens };
    }

    public override async Task<ResendOtpResponse> ResendOtp(ResendOtpRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("challenge_token", request.ChallengeToken).ThrowIfAny();
        var client = context.ClientFacts();
        guard.Admit(client.IpAddress);
        var (challenge, user) = await ChallengeAsync(request.ChallengeToken, context.CancellationToken);
        var methods = SecondFactors.ChallengeMethods(user, await roles.RolesOfAsync(user.RoleIds, context.CancellationToken));
        if (!methods.Contains(TwoFactorMethod.EmailOtp))
            throw GrpcErrors.FailedPrecondition("method", "Email codes are not enabled for this account.", "OTP_NOT_ENABLED");
        // One mail per 30 s per challenge: enough for a lost mail, too slow to flood a mailbox.
        if (challenge.CodeExpiresAt is { } previous && previous - Options.OtpLifetime + TimeSpan.FromSeconds(30) > clock.GetUtcNow())
            throw GrpcErrors.Build(Code.ResourceExhausted, "A code was sent moments ago; wait 30 seconds before asking again.", "RATE_LIMITED");
        var expiresAt = secondFactors.SendOtp(user, challenge, client);
        await db.SaveChangesAsync(context.CancellationToken);
        return new ResendOtpResponse { OtpSentTo = Mask(user.Email), ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt) };
    }

    private async Task<(OneTimeToken Challenge, User User)> ChallengeAsync(string token, CancellationToken ct)
    {
        var hash = SecretTokens.Hash(token);
        var challenge = await db.OneTimeTokens.FirstOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == OneTimeTokenPurpose.SignInChallenge, ct);
        if (challenge is null || !challenge.IsUsable(clock.GetUtcNow()))
            throw GrpcErrors.Build(Code.Unauthenticated, "This sign-in has expired or was already completed: sign in again.", "CHALLENGE_EXPIRED");
        var user = await db.Users.FirstAsync(u => u.Id == challenge.UserId, ct);
        if (!user.CanSignIn)
            throw GrpcErrors.Build(Code.Unauthenticated, "This sign-in has expired or was already completed: sign in again.", "CHALLENGE_EXPIRED");
        return (challenge, user);
    }

    public override async Task<RefreshSessionResponse> RefreshSession(RefreshSessionRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("refresh_token", request.RefreshToken).ThrowIfAny();
        var ct = context.CancellationToken;
        var now = clock.UtcNowForDatabase();
        var hash = SecretTokens.Hash(request.RefreshToken);
        var token = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, ct) ?? throw SessionEnded();
        var session = await db.Sessions.FirstAsync(s => s.Id == token.SessionId, ct);
        var user = await db.Users.FirstAsync(u => u.Id == session.UserId, ct);
        if (!session.IsActive(now) || !user.CanSignIn)
            throw SessionEnded();

        if (token.RotatedAt is { } rotatedAt)
        {
            if (now - rotatedAt <= Options.RefreshReuseGrace)
                return new RefreshSessionResponse { Tokens = await SuccessorTokensAsync(request.RefreshToken, user, session, ct) ?? throw SessionEnded() };
            // A rotated token came back after the grace period: someone kept a copy. End the whole family.
            session.Revoke("refresh_token_reuse", now);
            audit.Record(context, "session.refresh_token_reused", false, "session", session.Id.ToString(), actorId: user.Id, sessionId: session.Id);
            await db.SaveChangesAsync(ct);
            throw SessionEnded();
        }
        if (token.ExpiresAt <= now)
            throw SessionEnded();

        token.Rotate(now);
        session.Refreshed(now);
        var successor = sessions.SuccessorOf(request.RefreshToken);
        var next = sessions.Issue(successor, session, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A parallel request rotated the same token first: hand out the successor it saved.
            db.ChangeTracker.Clear();
            return new RefreshSessionResponse { Tokens = await SuccessorTokensAsync(request.RefreshToken, user, session, ct) ?? throw SessionEnded() };
        }
        return new RefreshSessionResponse { Tokens = await sessions.TokensAsync(user, session, successor, next.ExpiresAt, ct) };
    }

    private async Task<SessionTokens?> SuccessorTokensAsync(string refreshToken, User user, Domain.Session session, CancellationToken ct)
    {
        var successor = sessions.SuccessorOf(refreshToken);
        var hash = SecretTokens.Hash(successor);
        var next = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        return next is null ? null : await sessions.TokensAsync(user, session, successor, next.ExpiresAt, ct);
    }

    private static RpcException SessionEnded() =>
        GrpcErrors.Build(Code.Unauthenticated, "Your session has ended: sign in again.", "SESSION_ENDED");

    public override async Task<LogoutResponse> Logout(LogoutRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("refresh_token", request.RefreshToken).ThrowIfAny();
        var ct = context.CancellationToken;
        var hash = SecretTokens.Hash(request.RefreshToken);
        // An unknown or already-ended token is logged out already: the answer is the same.
        if (await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct) is not { } token)
            return new LogoutResponse();
        var session = await db.Sessions.FirstAsync(s => s.Id == token.SessionId, ct);
        var now = clock.UtcNowForDatabase();
        if (request.AllSessions)
            await sessions.RevokeAllAsync(session.UserId, "logout_all", except: null, ct);
        else
            session.Revoke("logout", now);
        audit.Record(context, request.AllSessions ? "logout.all_sessions" : "logout", true, "session", session.Id.ToString(),
            actorId: session.UserId, sessionId: session.Id);
        await db.SaveChangesAsync(ct);
        return new LogoutResponse();
    }

    public override async Task<ValidateSessionResponse> ValidateSession(ValidateSessionRequest request, ServerCallContext context)
    {
        new FieldViolations().Uuid("session_id", request.SessionId).ThrowIfAny();
        var id = Guid.Parse(request.SessionId);
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, context.CancellationToken)
            ?? throw GrpcErrors.NotFound("Session", request.SessionId);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == session.UserId, context.CancellationToken);
        return new ValidateSessionResponse
        {
            Active = session.IsActive(clock.GetUtcNow()) && user.CanSignIn,
            UserId = session.UserId.ToString(),
            ExpiresAt = Timestamp.FromDateTimeOffset(session.ExpiresAt),
        };
    }

    /// <summary>"j***@example.com": enough to recognise one's address, not enough to learn someone else's.</summary>
    internal static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }
}
