using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OtpNet;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.ServiceDefaults.Data;
using Google.Protobuf.WellKnownTypes;
using Role = TicketTracking.Auth.Domain.Role;
using User = TicketTracking.Auth.Domain.User;

namespace TicketTracking.Auth.Security;

/// <summary>Second factors: which a user may answer a sign-in challenge with, mailing OTPs, and checking codes.</summary>
public sealed class SecondFactors(AuthDbContext db, KeyProtector protector, EventOutbox events, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string TotpPurpose = "totp-secret";

    public static IEnumerable<TwoFactorMethod> EnabledMethods(User user)
    {
        if (user.EmailOtpEnabled)
            yield return TwoFactorMethod.EmailOtp;
        if (user.TotpEnabled)
        {
            yield return TwoFactorMethod.Totp;
            yield return TwoFactorMethod.RecoveryCode;
        }
    }

    /// <summary>
    /// The methods a sign-in must be completed with: the user's own, or email OTP when a role requires a second
    /// factor and the user set none up. Empty = no second factor needed.
    /// </summary>
    public static List<TwoFactorMethod> ChallengeMethods(User user, IEnumerable<Role> roles)
    {
        var methods = EnabledMethods(user).ToList();
        if (methods.Count == 0 && roles.Any(r => r.RequireTwoFactor))
            methods.Add(TwoFactorMethod.EmailOtp);
        return methods;
    }

    /// <summary>Whether the challenge should mail a code right away: email OTP is a method and TOTP is not preferred.</summary>
    public static bool MailsOtpAtOnce(IReadOnlyCollection<TwoFactorMethod> methods) =>
        methods.Contains(TwoFactorMethod.EmailOtp) && !methods.Contains(TwoFactorMethod.Totp);

    /// <summary>Puts a fresh code on the challenge and stages the <c>otp-requested</c> mail.</summary>
    public DateTimeOffset SendOtp(User user, OneTimeToken challenge, ClientFacts client)
    {
        var now = clock.UtcNowForDatabase();
        var code = SecretTokens.NewCode();
        var expiresAt = now + options.Value.OtpLifetime;
        challenge.SetCode(SecretTokens.Hash($"{challenge.Id}:{code}"), expiresAt);
        events.Stage(db, new OtpRequested
        {
            UserId = user.Id.ToString(),
            AggregateVersion = now.ToUnixTimeMilliseconds(),
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            Email = user.Email,
            DisplayName = user.DisplayName,
            Code = code,
            ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
            RequestedFromIp = client.IpAddress,
        }, user.Id.ToString());
        return expiresAt;
    }

    /// <summary>Checks a code for a challenge; a wrong mailed OTP counts towards the challenge's attempt limit.</summary>
    public async Task<bool> VerifyAsync(User user, OneTimeToken challenge, TwoFactorMethod method, string code, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForDatabase();
        switch (method)
        {
            case TwoFactorMethod.EmailOtp:
                if (challenge.CodeHash is { } hash && challenge.CodeExpiresAt > now && SecretTokens.Matches($"{challenge.Id}:{code.Trim()}", hash))
                    return true;
                challenge.RecordFailedAttempt(options.Value.OtpMaxAttempts, now);
                return false;
            case TwoFactorMethod.Totp:
                if (VerifyTotp(user, code))
                    return true;
                challenge.RecordFailedAttempt(options.Value.OtpMaxAttempts, now);
                return false;
            case TwoFactorMethod.RecoveryCode:
                var codeHash = SecretTokens.Hash(NormalizeRecoveryCode(code));
                var recovery = await db.RecoveryCodes.FirstOrDefaultAsync(c => c.UserId == user.Id && c.CodeHash == codeHash && c.UsedAt == null, cancellationToken);
                if (recovery is not null)
                {
                    recovery.Use(now);
                    return true;
                }
                challenge.RecordFailedAttempt(options.Value.OtpMaxAttempts, now);
                return false;
            default:
                return false;
        }
    }

    /// <summary>Checks a code from the user's authenticator app (the current step, or one step either side for clock drift).</summary>
    public bool VerifyTotp(User user, string code)
    {
        if (user.TotpSecret is not { } sealedSecret)
            return false;
        var totp = new Totp(protector.Decrypt(sealedSecret, TotpPurpose));
        return totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code.Trim(), out var step, VerificationWindow.RfcSpecifiedNetworkDelay)
            && user.UseTotpTimeStep(step);
    }

    /// <summary>Ten fresh recovery codes (returned once); the user's earlier ones stop working.</summary>
    public async Task<List<string>> IssueRecoveryCodesAsync(User user, CancellationToken cancellationToken)
    {
        // Tracked removal, not ExecuteDelete: the old codes go only if the new ones are saved.
        db.RecoveryCodes.RemoveRange(await db.RecoveryCodes.Where(c => c.UserId == user.Id).ToListAsync(cancellationToken));
        var codes = Enumerable.Range(0, 10).Select(_ => NewRecoveryCode()).ToList();
        db.RecoveryCodes.AddRange(codes.Select(c => new RecoveryCode(user.Id, SecretTokens.Hash(NormalizeRecoveryCode(c)))));
        return codes;
    }

    private static string NewRecoveryCode()
    {
        var raw = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(7))[..10].ToLowerInvariant();
        return $"{raw[..5]}-{raw[5..]}";
    }

    private static string NormalizeRecoveryCode(string code) => code.Trim().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
