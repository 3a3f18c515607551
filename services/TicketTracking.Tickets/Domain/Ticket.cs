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

    /// <summary>Category-specific fields as a JSON object, valid against the category's schema when saved.</summary>
    public string Fields { get; private set; } = "{}";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>: a stale update fails instead of silently winning.</summary>
    public uint Version { get; private set; }

    /// <summary>
    /// Counts the ticket's changes (1 when filed): the aggregate version its events carry, known before the row is
    /// saved (unlike <see cref="Version"/>), so consumers can tell a late event from a newer one.
    /// </summary>
    public long Revision { get; private set; }

    public string DisplayNumber => FormatNumber(Number);

    public Guid? TaskId { get; private set; }

    public string CurrentStepId { get; private set; } = "";

    public string CurrentStepName { get; private set; } = "";

    public Guid? AssigneeId { get; private set; }

    public Guid? OwnerId { get; private set; }

    /// <summary>Everyone who ever held an item on the ticket: tickets.read.assigned reads it through this.</summary>
    public List<Guid> ParticipantIds { get; private set; } = [];

    public SlaState? SlaState { get; private set; }

    public DateTimeOffset? SlaDueAt { get; private set; }

    /// <summary>Workflow's task version last applied (0: never synced); only ever increases.</summary>
    public long WorkStateVersion { get; private set; }

    public DateTimeOffset? WorkStateUpdatedAt { get; private set; }

    public static Ticket Create(
        string subject, string description, Guid requesterId, Guid departmentId, Guid? categoryId, Guid? subcategoryId,
        TicketPriority priority, IEnumerable<string> tags, string fields, DateTimeOffset now) => new()
        {
            Fields = fields,
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
            Revision = 1,
        };

    /// <summary>Applies the given edits (null = unchanged) and answers what actually changed.</summary>
    public List<FieldChange> Edit(
        string? subject, string? description, Guid? departmentId, Replacement<Guid?>? categoryId, Replacement<Guid?>? subcategoryId,
        TicketPriority? priority, IEnumerable<string>? tags, string? fields, DateTimeOffset now)
    {
        var changes = new List<FieldChange>();
        void Track(string field, string before, string after)
        {
            if (before != after)
                changes.Add(new FieldChange(field, before, after));
        }
        if (subject is not null)
        {
            Track("subject", Subject, subject.Trim());
            Subject = subject.Trim();
        }
        if (description is not null)
        {
            Track("description", Description, description.Trim());
            Description = description.Trim();
        }
        if (departmentId is { } department)
        {
            Track("department_id", DepartmentId.ToString(), department.ToString());
            DepartmentId = department;
        }
        if (categoryId is { Value: var category })
        {
            Track("category_id", CategoryId?.ToString() ?? "", category?.ToString() ?? "");
            CategoryId = category;
        }
        if (subcategoryId is { Value: var subcategory })
        {
            Track("subcategory_id", SubcategoryId?.ToString() ?? "", subcategory?.ToString() ?? "");
            SubcategoryId = subcategory;
        }
        if (priority is { } newPriority)
        {
            Track("priority", Priority.ToString(), newPriority.ToString());
            Priority = newPriority;
        }
        if (tags is not null)
        {
            var normalized = NormalizeTags(tags);
            Track("tags", string.Join(", ", Tags), string.Join(", ", normalized));
            Tags = normalized;
        }
        // Compared as JSON, not as text: the database returns jsonb in its own spacing and key order.
        if (fields is not null && !System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(Fields), System.Text.Json.Nodes.JsonNode.Parse(fields)))
        {
            Track("fields", Fields, fields);
            Fields = fields;
        }
        if (changes.Count > 0)
            Touch(now);
        return changes;
    }

    /// <summary>Moves the ticket along the lifecycle; an illegal move is refused, naming both statuses.</summary>
    public TicketStatus ChangeStatus(TicketStatus to, DateTimeOffset now)
    {
        var from = Status;
        if (!TicketStatusRules.CanMove(from, to))
            throw new RuleViolationException("status", $"A ticket cannot go from {from} to {to}.", "ILLEGAL_STATUS_TRANSITION");
        Status = to;
        if (to == TicketStatus.Resolved)
            ResolvedAt = now;
        if (to == TicketStatus.Closed)
            ClosedAt = now;
        if (to == TicketStatus.Open && from is TicketStatus.Resolved or TicketStatus.Closed)
        {
            ResolvedAt = null;
            ClosedAt = null;
        }
        Touch(now);
        return from;
    }

    /// <summary>The requester takes the ticket back, while it is still being worked.</summary>
    public TicketStatus Withdraw(DateTimeOffset now)
    {
        if (!TicketStatusRules.IsWorking(Status))
            throw new RuleViolationException("status", $"A {Status} ticket can no longer be withdrawn.", "NOT_WITHDRAWABLE");
        return ChangeStatus(TicketStatus.Withdrawn, now);
    }

    /// <summary>
    /// Reopens a resolved or closed ticket. A requester may do so only within <paramref name="requesterWindow"/> of
    /// the resolution (null: no limit, for staff).
    /// </summary>
    public TicketStatus Reopen(TimeSpan? requesterWindow, DateTimeOffset now)
    {
        if (Status is not (TicketStatus.Resolved or TicketStatus.Closed))
            throw new RuleViolationException("status", $"Only a resolved or closed ticket can be reopened; this one is {Status}.", "NOT_REOPENABLE");
        if (requesterWindow is { } window && ResolvedAt is { } resolved && now - resolved > window)
            throw new RuleViolationException("status", $"This ticket was resolved more than {window.TotalDays:0} days ago; file a new one instead.", "REOPEN_WINDOW_PASSED");
        return ChangeStatus(TicketStatus.Open, now);
    }

    /// <summary>
    /// Applies Workflow's newer view of the work; an older or equal version changes nothing (a late call never
    /// overwrites a newer one). Answers the assignee/owner/step changes, for the history.
    /// </summary>
    public List<FieldChange>? ApplyWorkState(WorkState state, DateTimeOffset now)
    {
        if (state.Version <= WorkStateVersion)
            return null;
        var changes = new List<FieldChange>();
        void Track(string field, string before, string after)
        {
            if (before != after)
                changes.Add(new FieldChange(field, before, after));
        }
        Track("assignee", AssigneeId?.ToString() ?? "", state.AssigneeId?.ToString() ?? "");
        Track("owner", OwnerId?.ToString() ?? "", state.OwnerId?.ToString() ?? "");
        Track("step", CurrentStepName, state.CurrentStepName);
        TaskId = state.TaskId;
        CurrentStepId = state.CurrentStepId;
        CurrentStepName = state.CurrentStepName;
        AssigneeId = state.AssigneeId;
        OwnerId = state.OwnerId;
        // Participation only grows: someone who once held an item keeps reading the ticket.
        ParticipantIds = [.. ParticipantIds.Union(state.ParticipantIds).Union(state.AssigneeId is { } assignee ? [assignee] : [])];
        SlaState = state.SlaState;
        SlaDueAt = state.SlaDueAt;
        WorkStateVersion = state.Version;
        WorkStateUpdatedAt = now;
        UpdatedAt = now;
        return changes;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Revision++;
    }

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

/// <summary>A new value for a field that may also be cleared: <c>null</c> means "leave it", a replacement of null clears it.</summary>
public readonly record struct Replacement<T>(T Value);
