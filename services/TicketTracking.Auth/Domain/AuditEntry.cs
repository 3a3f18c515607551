using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Auth.Domain;

public enum AuditActorType
{
    User,
    ServiceAccount,
    Anonymous,
    System,
}

/// <summary>One security-relevant event, written in the same transaction as the change it records; never edited.</summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public AuditActorType ActorType { get; private set; }

    public Guid? ActorId { get; private set; }

    /// <summary>Dotted action name, e.g. <c>login.failed</c>, <c>role.member_added</c>.</summary>
    public string Action { get; private set; } = "";

    public bool Succeeded { get; private set; }

    public string TargetType { get; private set; } = "";

    public string TargetId { get; private set; } = "";

    public string IpAddress { get; private set; } = "";

    public string UserAgent { get; private set; } = "";

    public string SessionId { get; private set; } = "";

    /// <summary>Extra facts (never secrets), e.g. <c>{"reason": "bad_password"}</c>.</summary>
    public Dictionary<string, string> Details { get; private set; } = [];

    public static AuditEntry Create(
        DateTimeOffset now, AuditActorType actorType, Guid? actorId, string? sessionId, ClientFacts client,
        string action, bool succeeded, string targetType, string targetId, Dictionary<string, string>? details) => new()
        {
            Id = Ids.New(),
            OccurredAt = now,
            ActorType = actorType,
            ActorId = actorId,
            SessionId = sessionId ?? "",
            IpAddress = client.IpAddress,
            UserAgent = client.UserAgent,
            Action = action,
            Succeeded = succeeded,
            TargetType = targetType,
            TargetId = targetId,
            Details = details ?? [],
        };
}
