using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Auth.Domain;

public enum OneTimeTokenPurpose
{
    /// <summary>The link in an invitation mail: sets the first password.</summary>
    Invitation,

    /// <summary>The link in a password-reset mail.</summary>
    PasswordReset,

    /// <summary>A password sign-in waiting for its second factor; may carry a mailed OTP.</summary>
    SignInChallenge,
}

/// <summary>
/// A single-use, expiring credential mailed or handed to one user, stored as the SHA-256 of its value. A sign-in
/// challenge may also hold the hash of a mailed 6-digit code and counts wrong guesses of it.
/// </summary>
public sealed class OneTimeToken
{
    private OneTimeToken()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public OneTimeTokenPurpose Purpose { get; private set; }

    public byte[] TokenHash { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? ConsumedAt { get; private set; }

    /// <summary>Hash of the mailed one-time code (sign-in challenges with email OTP).</summary>
    public byte[]? CodeHash { get; private set; }

    public DateTimeOffset? CodeExpiresAt { get; private set; }

    public int FailedAttempts { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>: a token consumed twice at once is consumed once.</summary>
    public uint Version { get; private set; }

    public bool IsUsable(DateTimeOffset now) => ConsumedAt is null && now < ExpiresAt;

    public static OneTimeToken Create(Guid userId, OneTimeTokenPurpose purpose, byte[] tokenHash, DateTimeOffset now, TimeSpan lifetime) => new()
    {
        Id = Ids.New(),
        UserId = userId,
        Purpose = purpose,
        TokenHash = tokenHash,
        CreatedAt = now,
        ExpiresAt = now + lifetime,
    };

    public void Consume(DateTimeOffset now) => ConsumedAt = now;

    /// <summary>Attaches a fresh mailed code (a resend replaces the previous one and its attempt count).</summary>
    public void SetCode(byte[] codeHash, DateTimeOffset expiresAt)
    {
        CodeHash = codeHash;
        CodeExpiresAt = expiresAt;
        FailedAttempts = 0;
    }

    /// <summary>Counts a wrong code; the challenge dies once <paramref name="maxAttempts"/> are used up.</summary>
    public void RecordFailedAttempt(int maxAttempts, DateTimeOffset now)
    {
        FailedAttempts++;
        if (FailedAttempts >= maxAttempts)
            ConsumedAt = now;
    }
}
