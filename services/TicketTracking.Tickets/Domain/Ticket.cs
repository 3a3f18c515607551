using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Tickets.Domain;

/// <summary>A request filed by a requester; its number (<c>TT-000123</c>) is its public key in every API.</summary>
public sealed class Ticket
{
    public const string NumberPrefix = "TT-";
    public const int MaxSubjectLength = 200;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;

    private Ticket()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>From the database sequence <c>ticket_number_seq</c>: gapless in practice, never random.</summary>
    public long Number { get; private set; }

    public string Subject { get; private set; } = "";

    public string Description { get; private set; } = "";

    public Guid RequesterId { get; private set; }

    public Guid DepartmentId { get; private set; }

    public Guid? CategoryId { get; private set; }

    public Guid? SubcategoryId { get; private set; }

    public TicketPriority Priority { get; private set; }

    public TicketStatus Status { get; private set; }

    public List<string> Tags { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>: a stale update fails instead of silently winning.</summary>
    public uint Version { get; private set; }

    public string DisplayNumber => FormatNumber(Number);

    public static Ticket Create(
        string subject, string description, Guid requesterId, Guid departmentId, Guid? categoryId, Guid? subcategoryId,
        TicketPriority priority, IEnumerable<string> tags, DateTimeOffset now) => new()
        {
            Id = Ids.New(),
            Subject = subject.Trim(),
            Description = description.Trim(),
            RequesterId = requesterId,
            DepartmentId = departmentId,
            CategoryId = categoryId,
            SubcategoryId = subcategoryId,
            Priority = priority,
            Status = TicketStatus.New,
            Tags = NormalizeTags(tags),
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>Sets the number drawn from the ticket sequence; a ticket gets it once, before it is first saved.</summary>
    public void AssignNumber(long number)
    {
        if (Number != 0)
            throw new InvalidOperationException($"Ticket {DisplayNumber} already has its number.");
        Number = number;
    }

    public static string FormatNumber(long number) => $"{NumberPrefix}{number:D6}";

    /// <summary>Accepts <c>TT-000123</c>, <c>tt-123</c> or <c>123</c>.</summary>
    public static bool TryParseNumber(string text, out long number)
    {
        var digits = text.Trim();
        if (digits.StartsWith(NumberPrefix, StringComparison.OrdinalIgnoreCase))
            digits = digits[NumberPrefix.Length..];
        return long.TryParse(digits, System.Globalization.NumberStyles.None, null, out number) && number > 0;
    }

    /// <summary>Lower-case, trimmed, unique, in the order given.</summary>
    public static List<string> NormalizeTags(IEnumerable<string> tags) =>
        tags.Select(tag => tag.Trim().ToLowerInvariant()).Where(tag => tag.Length > 0).Distinct().ToList();
}
