using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Tickets.Domain;

/// <summary>A user's named ticket list: a filter and a sort to run through ListTickets; shared ones are for everyone.</summary>
public sealed class SavedView
{
    public const int MaxNameLength = 100;
    public const int MaxColumns = 20;

    private SavedView()
    {
    }

    public Guid Id { get; private set; }

    public Guid OwnerId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The TicketFilter as proto JSON: the list's contract, kept as the API states it.</summary>
    public string Filter { get; private set; } = "{}";

    public int Sort { get; private set; }

    public List<string> Columns { get; private set; } = [];

    public bool Pinned { get; private set; }

    public bool Shared { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>.</summary>
    public uint Version { get; private set; }

    public static SavedView Create(Guid ownerId, DateTimeOffset now) => new() { Id = Ids.New(), OwnerId = ownerId, CreatedAt = now };

    public void Set(string name, string filter, int sort, IEnumerable<string> columns, bool pinned, bool shared, DateTimeOffset now)
    {
        Name = name.Trim();
        Filter = filter;
        Sort = sort;
        Columns = [.. columns.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct()];
        Pinned = pinned;
        Shared = shared;
        UpdatedAt = now;
    }
}
