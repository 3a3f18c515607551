using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Notifications.Domain;

/// <summary>Where a mail is on its way out.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its first attempt.</summary>
    Queued,

    /// <summary>An attempt failed; the next is due at <see cref="Email.NextAttemptAt"/>.</summary>
    Retrying,

    Sent,

    /// <summary>Given up: every attempt failed, the server refused the address for good, or rendering failed.</summary>
    Failed,
}

/// <summary>
/// One mail, rendered when it was queued and delivered by the sender. The rendered body is kept (not the template
/// data), so a retry sends exactly what was queued.
/// </summary>
public sealed class Email
{
    public const int MaxAddressLength = 320;
    public const int MaxNameLength = 200;
    public const int MaxSubjectLength = 300;
    public const int MaxErrorLength = 2000;

    private Email()
    {
    }

    public Guid Id { get; private set; }

    public string TemplateKey { get; private set; } = "";

    public string ToAddress { get; private set; } = "";

    public string ToName { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    public string HtmlBody { get; private set; } = "";

    public DeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>The SMTP server's last answer, or the rendering error.</summary>
    public string? LastError { get; private set; }

    /// <summary>When the sender picks it up next; null once it is sent or failed.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The caller's idempotency key (an event id), empty when the call had none.</summary>
    public string IdempotencyKey { get; private set; } = "";

    /// <summary>The recipient's user id, when they are a user.</summary>
    public Guid? UserId { get; private set; }

    /// <summary>Raised by every change: the concurrency token, and the proto's <c>version</c>.</summary>
    public long Version { get; private set; }

    /// <summary>False when rendering failed: there is nothing to send, so retrying cannot help (a rendered mail always has a subject).</summary>
    public bool HasContent => Subject.Length > 0;

    public static Email Queue(
        string templateKey, string toAddress, string toName, RenderedEmail content, string idempotencyKey, Guid? userId, DateTimeOffset now) =>
        new()
        {
            Id = Ids.New(),
            TemplateKey = templateKey,
            ToAddress = toAddress.Trim(),
            ToName = toName.Trim(),
            Subject = content.Subject,
            TextBody = content.Text,
            HtmlBody = content.Html,
            Status = DeliveryStatus.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
            IdempotencyKey = idempotencyKey,
            UserId = userId,
            Version = 1,
        };

    /// <summary>A mail whose template could not be rendered: kept as FAILED so admins see why nothing was sent.</summary>
    public static Email NotRendered(
        string templateKey, string toAddress, string toName, string error, string idempotencyKey, Guid? userId, DateTimeOffset now) =>
        new()
        {
            Id = Ids.New(),
            TemplateKey = templateKey,
            ToAddress = toAddress.Trim(),
            ToName = toName.Trim(),
            Status = DeliveryStatus.Failed,
            LastError = Truncate(error),
            CreatedAt = now,
            IdempotencyKey = idempotencyKey,
            UserId = userId,
            Version = 1,
        };

    public void MarkSent(DateTimeOffset now)
    {
        Attempts++;
        Status = DeliveryStatus.Sent;
        SentAt = now;
        NextAttemptAt = null;
        LastError = null;
        Version++;
    }

    /// <summary>
    /// Records a failed attempt: tried again after <paramref name="retryAfter"/>, or FAILED when the failure is
    /// permanent or <paramref name="maxAttempts"/> are used up.
    /// </summary>
    public void MarkAttemptFailed(string error, bool permanent, int maxAttempts, TimeSpan retryAfter, DateTimeOffset now)
    {
        Attempts++;
        LastError = Truncate(error);
        var givingUp = permanent || Attempts >= maxAttempts;
        Status = givingUp ? DeliveryStatus.Failed : DeliveryStatus.Retrying;
        NextAttemptAt = givingUp ? null : now + retryAfter;
        Version++;
    }

    /// <summary>Puts a FAILED mail back in the queue with a fresh attempt count (an admin's retry).</summary>
    public void Requeue(DateTimeOffset now)
    {
        if (Status != DeliveryStatus.Failed || !HasContent)
            throw new InvalidOperationException($"Mail {Id} is {Status}{(HasContent ? "" : " without content")}; only a failed, rendered mail can be retried.");
        Status = DeliveryStatus.Queued;
        Attempts = 0;
        LastError = null;
        NextAttemptAt = now;
        Version++;
    }

    private static string Truncate(string error) => error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
}

/// <summary>A template rendered with its data: what the mail says.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html);
