using System.ComponentModel.DataAnnotations;

namespace TicketTracking.Auth;

/// <summary>Auth's settings (section <c>Auth</c>); every duration has a safe default, the key-encryption key does not.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>The tokens' <c>iss</c>.</summary>
    [Required]
    public string Issuer { get; set; } = "tickettracking-auth";

    /// <summary>
    /// Secret: 32 bytes, base64. Encrypts the signing keys' private parts and TOTP secrets at rest, and derives the
    /// refresh-token successor key. Changing it invalidates signing keys, refresh tokens and TOTP enrollments.
    /// </summary>
    public string KeyEncryptionKey { get; set; } = "";

    /// <summary>The front door's address, for the links in invitation and reset mails (e.g. https://desk.example.com).</summary>
    [Required(ErrorMessage = "Auth:PublicBaseUrl is missing: set it to the front door's URL, e.g. http://127.0.0.1:8080.")]
    [Url]
    public string PublicBaseUrl { get; set; } = "";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an unused refresh token stays good (a session idle longer signs out).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>A session's absolute length, however often it refreshes.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A presented rotated refresh token within this window gets the same successor (parallel browser requests).</summary>
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a signing key signs before a new one takes over.</summary>
    public TimeSpan SigningKeyRotation { get; set; } = TimeSpan.FromDays(30);

    public int LockoutMaxFailedAttempts { get; set; } = 5;

    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Credential checks (sign-in, codes, resets, client secrets) one client IP may make per minute.</summary>
    public int CredentialAttemptsPerMinutePerIp { get; set; } = 30;

    public int PasswordMinLength { get; set; } = 10;

    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a password sign-in may wait for its second factor.</summary>
    public TimeSpan SignInChallengeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan OtpLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public int OtpMaxAttempts { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsKey(KeyEncryptionKey))
            yield return new ValidationResult(
                "Auth:KeyEncryptionKey is missing or not 32 bytes of base64: set it (a secret) to e.g. the output of `openssl rand -base64 32`.");
        if (LockoutMaxFailedAttempts < 1)
            yield return new ValidationResult("Auth:LockoutMaxFailedAttempts must be at least 1.");
        if (PasswordMinLength < 8)
            yield return new ValidationResult("Auth:PasswordMinLength must be at least 8.");
    }

    private static bool IsKey(string value)
    {
        var bytes = new byte[64];
        return Convert.TryFromBase64String(value, bytes, out var length) && length == 32;
    }
}
