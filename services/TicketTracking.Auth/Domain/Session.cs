using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Auth.Domain;

/// <summary>
/// One sign-in of a user on one device: the family of refresh tokens it rotates through. Revoking it ends the family
/// (logout, password change, deactivation, reuse of a rotated refresh token).
/// </summary>
public sealed class Session
{
    private Session(Guid id, Guid userId, DateTimeOffset createdAt, DateTimeOffset expiresAt, string ipAddress, string userAgent)
    {
        Id = id;
        UserId = userId;
        CreatedAt = createdAt;
        LastRefreshedAt = createdAt;
        ExpiresAt = expiresAt;
        IpAddress = ipAddress;
        UserAgent = userAgent;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset LastRefreshedAt { get; private set; }

    /// <summary>Absolute end: refreshing never extends a session past it.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string RevokeReason { get; private set; } = "";

    public string IpAddress { get; private set; }

    public string UserAgent { get; private set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    public static Session Start(Guid userId, DateTimeOffset now, TimeSpan lifetime, ClientFacts client) =>
        new(Ids.New(), userId, now, now + lifetime, client.IpAddress, client.UserAgent);

    public void Refreshed(DateTimeOffset now) => LastRefreshedAt = now;

    public void Revoke(string reason, DateTimeOffset now)
    {
        if (RevokedAt is not null)
            return;
        RevokedAt = now;
        RevokeReason = reason;
    }
}

/// <summary>Where a request came from, for throttling and the audit log (ARCHITECTURE.md §3).</summary>
public sealed record ClientFacts(string IpAddress, string UserAgent);
