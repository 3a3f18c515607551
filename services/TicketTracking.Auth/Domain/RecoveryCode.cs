namespace TicketTracking.Auth.Domain;

/// <summary>A single-use second factor issued with TOTP, for a lost device; stored as a SHA-256 hash.</summary>
public sealed class RecoveryCode
{
    public RecoveryCode(Guid userId, byte[] codeHash)
    {
        UserId = userId;
        CodeHash = codeHash;
    }

    public Guid UserId { get; private set; }

    public byte[] CodeHash { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public void Use(DateTimeOffset now) => UsedAt = now;
}
