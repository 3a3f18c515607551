using System.Text.RegularExpressions;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Messaging.Domain;

/// <summary>One entry in a ticket's conversation.</summary>
public sealed partial class Message
{
    public const int MaxBodyLength = 20_000;
    public const int MaxIdempotencyKeyLength = 100;

    private Message()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The ticket's public number (<c>TT-000123</c>): Messaging never reads Tickets' database.</summary>
    public string TicketNumber { get; private set; } = "";

    public Guid AuthorId { get; private set; }

    public string Body { get; private set; } = "";

    public MessageVisibility Visibility { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? EditedAt { get; private set; }

    public bool Deleted { get; private set; }

    /// <summary>The caller's key for this post: a retried post with the same key returns the first message.</summary>
    public string? IdempotencyKey { get; private set; }

    public uint Version { get; private set; }

    public static Message Post(
        string ticketNumber, Guid authorId, string body, MessageVisibility visibility, string? idempotencyKey, DateTimeOffset now) => new()
        {
            Id = Ids.New(),
            TicketNumber = ticketNumber.ToUpperInvariant(),
            AuthorId = authorId,
            Body = body.Trim(),
            Visibility = visibility,
            CreatedAt = now,
            IdempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey,
        };

    public static bool IsTicketNumber(string text) => TicketNumberPattern().IsMatch(text);

    [GeneratedRegex("^TT-[0-9]{6,}$", RegexOptions.IgnoreCase)]
    private static partial Regex TicketNumberPattern();
}
