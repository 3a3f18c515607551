using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Notifications.Domain;

/// <summary>An in-app notification for one user.</summary>
public sealed class Notification
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 4000;
    public const int MaxLinkLength = 500;

    private Notification()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>The proto enum's name (e.g. <c>TaskAssigned</c>): new types need no migration.</summary>
    public string Type { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>Where the notification leads in the app (a ticket number or task), relative.</summary>
    public string Link { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public static Notification Create(
        Guid userId, string type, string subject, string body, string link, DateTimeOffset now) => new()
        {
            Id = Ids.New(),
            UserId = userId,
            Type = type,
            Subject = subject.Trim(),
            Body = body.Trim(),
            Link = link.Trim(),
            CreatedAt = now,
        };
}
