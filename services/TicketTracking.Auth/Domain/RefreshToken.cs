namespace TicketTracking.Auth.Domain;

/// <summary>
/// One opaque refresh token of a session, stored as its SHA-256 hash. Using it rotates it: a successor is issued and
/// this one is marked rotated; presenting a rotated token again means it was stolen, unless it happens within the
/// grace period (parallel requests of one browser), when the same successor is handed out again.
/// </summary>
public sealed class RefreshToken
{
    private RefreshToken(byte[] tokenHash, Guid sessionId, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        TokenHash = tokenHash;
        SessionId = sessionId;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
    }

    public byte[] TokenHash { get; private set; }

    public Guid SessionId { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? RotatedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>: two concurrent rotations of one token cannot both win.</summary>
    public uint Version { get; private set; }

    public static RefreshToken Issue(byte[] tokenHash, Guid sessionId, DateTimeOffset now, DateTimeOffset expiresAt) =>
        new(tokenHash, sessionId, now, expiresAt);

    public void Rotate(DateTimeOffset now) => RotatedAt = now;
}
