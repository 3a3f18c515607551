using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OtpNet;
using QRCoder;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Events;
using TicketTracking.Auth.Security;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using User = TicketTracking.Auth.Domain.User;

namespace TicketTracking.Auth.Grpc;

public sealed class CredentialGrpcService(
    AuthDbContext db, RoleDirectory roles, PasswordPolicy passwords, SessionIssuer sessions, SecondFactors secondFactors,
    KeyProtector protector, AbuseGuard guard, AuditTrail audit, EventOutbox events, IOptions<AuthOptions> options, TimeProvider clock)
    : CredentialService.CredentialServiceBase
{
    /// <summary>A reset link is mailed at most once a minute per account, so the form cannot flood a mailbox.</summary>
    private static readonly TimeSpan ResetMailInterval = TimeSpan.FromMinutes(1);

    public override async Task<ChangePasswordResponse> ChangePassword(ChangePasswordRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("current_password", request.CurrentPassword).ThrowIfAny();
        var (user, caller) = await SelfAsync(context);
        guard.Admit(context.ClientFacts().IpAddress);
        if (!passwords.Verify(user.PasswordHash, request.CurrentPassword))
        {
            audit.Record(context, "password.change_failed", false, "user", user.Id.ToString());
            await db.SaveChangesAsync(context.CancellationToken);
            throw GrpcErrors.InvalidArgument("current_password", "is not your current password.");
        }
        passwords.Check(new FieldViolations(), "new_password", request.NewPassword, user.Email).ThrowIfAny();
        user.SetPassword(passwords.Hash(request.NewPassword), clock.UtcNowForDatabase());
        Guid? current = Guid.TryParse(caller.SessionId, out var sid) ? sid : null;
        var revoked = await sessions.RevokeAllAsync(user.Id, "password_changed", except: current, context.CancellationToken);
        audit.Record(context, "password.changed", true, "user", user.Id.ToString(), new() { ["other_sessions_revoked"] = Count(revoked) });
        await db.SaveChangesAsync(context.CancellationToken);
        return new ChangePasswordResponse();
    }

    public override async Task<ForgotPasswordResponse> ForgotPassword(ForgotPasswordRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("email", request.Email).MaxLength("email", request.Email, User.MaxEmailLength).ThrowIfAny();
        var client = context.ClientFacts();
        guard.Admit(client.IpAddress);
        var ct = context.CancellationToken;
        var email = User.Normalize(request.Email);
        var now = clock.UtcNowForDatabase();
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == email, ct);
        var recentlySent = user is not null && await db.OneTimeTokens.AnyAsync(
            t => t.UserId == user.Id && t.Purpose == OneTimeTokenPurpose.PasswordReset && t.CreatedAt > now - ResetMailInterval, ct);

        // Whatever happens below, the caller gets the same empty answer.
        if (user is { CanSignIn: true } && !recentlySent)
        {
            var token = SecretTokens.New();
            var reset = OneTimeToken.Create(user.Id, OneTimeTokenPurpose.PasswordReset, SecretTokens.Hash(token), now, options.Value.PasswordResetLifetime);
            db.OneTimeTokens.Add(reset);
            var url = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/reset-password?token={token}";
            events.Stage(db, AuthEvents.PasswordResetRequested(user, url, reset.ExpiresAt, client.IpAddress, now), user.Id.ToString());
        }
        audit.Record(context, "password.reset_requested", user is { CanSignIn: true } && !recentlySent, "user", user?.Id.ToString() ?? "",
            new() { ["email"] = email, ["outcome"] = user is null ? "unknown_email" : !user.CanSignIn ? "inactive" : recentlySent ? "throttled" : "mailed" });
        await db.SaveChangesAsync(ct);
        return new ForgotPasswordResponse();
    }

    public override async Task<ResetPasswordResponse> ResetPassword(ResetPasswordRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("reset_token", request.ResetToken).Required("new_password", request.NewPassword).ThrowIfAny();
        guard.Admit(context.ClientFacts().IpAddress);
        var ct = context.CancellationToken;
        var hash = SecretTokens.Hash(request.ResetToken);
        var reset = await db.OneTimeTokens.FirstOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == OneTimeTokenPurpose.PasswordReset, ct);
        var user = reset is null ? null : await db.Users.FirstAsync(u => u.Id == reset.UserId, ct);
        if (reset is null || !reset.IsUsable(clock.GetUtcNow()) || user is not { CanSignIn: true })
            throw GrpcErrors.FailedPrecondition("reset_token", "This reset link is invalid, expired or already used; ask for a new one.", "RESET_TOKEN_INVALID");
        passwords.Check(new FieldViolations(), "new_password", request.NewPassword, user.Email).ThrowIfAny();

        var now = clock.UtcNowForDatabase();
        user.SetPassword(passwords.Hash(request.NewPassword), now);
        user.Unlock(now);
        foreach (var other in await db.OneTimeTokens.Where(t => t.UserId == user.Id && t.Purpose == OneTimeTokenPurpose.PasswordReset && t.ConsumedAt == null).ToListAsync(ct))
            other.Consume(now);
        var revoked = await sessions.RevokeAllAsync(user.Id, "password_reset", except: null, ct);
        audit.Record(context, "password.reset", true, "user", user.Id.ToString(), new() { ["sessions_revoked"] = Count(revoked) }, actorId: user.Id);
        await db.SaveChangesAsync(ct);
        return new ResetPasswordResponse();
    }

    public override async Task<GetTwoFactorSettingsResponse> GetTwoFactorSettings(GetTwoFactorSettingsRequest request, ServerCallContext context)
    {
        var (user, _) = await SelfAsync(context);
        var held = await roles.RolesOfAsync(user.RoleIds, context.CancellationToken);
        var response = new GetTwoFactorSettingsResponse
        {
            EnabledMethods = { SecondFactors.EnabledMethods(user) },
            Required = held.Any(r => r.RequireTwoFactor),
            RecoveryCodesRemaining = await db.RecoveryCodes.CountAsync(c => c.UserId == user.Id && c.UsedAt == null, context.CancellationToken),
        };
        if (user.TotpEnabledAt is { } enabled)
            response.TotpEnabledAt = Timestamp.FromDateTimeOffset(enabled);
        return response;
    }

    public override async Task<EnrollTotpResponse> EnrollTotp(EnrollTotpRequest request, ServerCallContext context)
    {
        var (user, _) = await SelfAsync(context);
        if (user.TotpEnabled)
            throw GrpcErrors.FailedPrecondition("totp", "TOTP is already on; turn it off first to enroll a new device.", "TOTP_ALREADY_ENABLED");
        var secret = KeyGeneration.GenerateRandomKey(20);
        user.StartTotpEnrollment(protector.Encrypt(secret, SecondFactors.TotpPurpose), clock.UtcNowForDatabase());
        await db.SaveChangesAsync(context.CancellationToken);

        var base32 = Base32Encoding.ToString(secret);
        var uri = new OtpUri(OtpType.Totp, base32, user.Email, "TicketTracking").ToString();
        using var qr = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new EnrollTotpResponse
        {
            Secret = base32,
            OtpauthUri = uri,
            QrCodePng = ByteString.CopyFrom(new PngByteQRCode(qr).GetGraphic(6)),
        };
    }

    public override async Task<ConfirmTotpResponse> ConfirmTotp(ConfirmTotpRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("code", request.Code).ThrowIfAny();
        var (user, _) = await SelfAsync(context);
        if (user.TotpSecret is null || user.TotpEnabled)
            throw GrpcErrors.FailedPrecondition("totp", "Start TOTP enrollment first.", "TOTP_NOT_ENROLLING");
        guard.Admit(context.ClientFacts().IpAddress);
        if (!secondFactors.VerifyTotp(user, request.Code))
            throw GrpcErrors.InvalidArgument("code", "is not the code your app shows now.");
        user.ConfirmTotp(clock.UtcNowForDatabase());
        var codes = await secondFactors.IssueRecoveryCodesAsync(user, context.CancellationToken);
        audit.Record(context, "two_factor.totp_enabled", true, "user", user.Id.ToString());
        await db.SaveChangesAsync(context.CancellationToken);
        return new ConfirmTotpResponse { RecoveryCodes = { codes } };
    }

    public override async Task<DisableTotpResponse> DisableTotp(DisableTotpRequest request, ServerCallContext context)
    {
        var user = await SelfWithPasswordAsync(context, request.Password);
        var held = await roles.RolesOfAsync(user.RoleIds, context.CancellationToken);
        if (held.Any(r => r.RequireTwoFactor) && !user.EmailOtpEnabled)
            throw GrpcErrors.FailedPrecondition("totp", "A role of yours requires a second factor: turn email codes on before turning TOTP off.", "TWO_FACTOR_REQUIRED");
        user.DisableTotp(clock.UtcNowForDatabase());
        db.RecoveryCodes.RemoveRange(await db.RecoveryCodes.Where(c => c.UserId == user.Id).ToListAsync(context.CancellationToken));
        audit.Record(context, "two_factor.totp_disabled", true, "user", user.Id.ToString());
        await db.SaveChangesAsync(context.CancellationToken);
        return new DisableTotpResponse();
    }

    public override async Task<SetEmailOtpResponse> SetEmailOtp(SetEmailOtpRequest request, ServerCallContext context)
    {
        var user = await SelfWithPasswordAsync(context, request.Password);
        user.SetEmailOtp(request.Enabled, clock.UtcNowForDatabase());
        audit.Record(context, request.Enabled ? "two_factor.email_otp_enabled" : "two_factor.email_otp_disabled", true, "user", user.Id.ToString());
        await db.SaveChangesAsync(context.CancellationToken);
        return new SetEmailOtpResponse();
    }

    public override async Task<RegenerateRecoveryCodesResponse> RegenerateRecoveryCodes(RegenerateRecoveryCodesRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("code", request.Code).ThrowIfAny();
        var (user, _) = await SelfAsync(context);
        guard.Admit(context.ClientFacts().IpAddress);
        if (!user.TotpEnabled)
            throw GrpcErrors.FailedPrecondition("totp", "Recovery codes come with TOTP; turn TOTP on first.", "TOTP_NOT_ENABLED");
        if (!secondFactors.VerifyTotp(user, request.Code))
            throw GrpcErrors.InvalidArgument("code", "is not the code your app shows now.");
        var codes = await secondFactors.IssueRecoveryCodesAsync(user, context.CancellationToken);
        audit.Record(context, "two_factor.recovery_codes_regenerated", true, "user", user.Id.ToString());
        await db.SaveChangesAsync(context.CancellationToken);
        return new RegenerateRecoveryCodesResponse { RecoveryCodes = { codes } };
    }

    public override async Task<ResetUserTwoFactorResponse> ResetUserTwoFactor(ResetUserTwoFactorRequest request, ServerCallContext context)
    {
        new FieldViolations().Uuid("user_id", request.UserId).Required("reason", request.Reason).MaxLength("reason", request.Reason, User.MaxReasonLength).ThrowIfAny();
        var id = Guid.Parse(request.UserId);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, context.CancellationToken) ?? throw GrpcErrors.NotFound("User", request.UserId);
        var now = clock.UtcNowForDatabase();
        user.DisableTotp(now);
        user.SetEmailOtp(false, now);
        db.RecoveryCodes.RemoveRange(await db.RecoveryCodes.Where(c => c.UserId == user.Id).ToListAsync(context.CancellationToken));
        audit.Record(context, "two_factor.reset_by_admin", true, "user", user.Id.ToString(), new() { ["reason"] = request.Reason.Trim() });
        await db.SaveChangesAsync(context.CancellationToken);
        return new ResetUserTwoFactorResponse();
    }

    /// <summary>The signed-in user's own account ("for self" RPCs: a service account has none).</summary>
    private async Task<(User User, Caller Caller)> SelfAsync(ServerCallContext context)
    {
        var caller = context.GetCaller();
        if (caller.IsServiceAccount)
            throw GrpcErrors.Forbidden("This call acts on the caller's own account; a service account has none.");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.Id, context.CancellationToken)
            ?? throw GrpcErrors.NotFound("User", caller.Id.ToString());
        return (user, caller);
    }

    private async Task<User> SelfWithPasswordAsync(ServerCallContext context, string password)
    {
        new FieldViolations().Required("password", password).ThrowIfAny();
        var (user, _) = await SelfAsync(context);
        guard.Admit(context.ClientFacts().IpAddress);
        if (!passwords.Verify(user.PasswordHash, password))
            throw GrpcErrors.InvalidArgument("password", "is not your password.");
        return user;
    }

    private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
