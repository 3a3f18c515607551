namespace TicketTracking.Tickets.Domain;

/// <summary>
/// Tickets' read copy of one of Auth's departments (ARCHITECTURE.md §3): what a ticket or category needs to know about
/// its department without asking Auth. Kept current by Auth's <c>department-changed</c> events; <see cref="Version"/>
/// is the aggregate version of the last event applied, so a repeated or older event changes nothing.
/// </summary>
public sealed class Department
{
    public const int MaxCodeLength = 16;
    public const int MaxNameLength = 100;

    private Department()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Auth's short stable key (e.g. <c>IT</c>).</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>Inactive departments take no new tickets or categories; what is already filed there stays.</summary>
    public bool Active { get; private set; }

    /// <summary>
    /// The aggregate version of the last <c>department-changed</c> event applied; 0 while no event has been (the row
    /// was seeded or filled from Auth's listing), so any event wins over it.
    /// </summary>
    public long Version { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Department FromEvent(Guid id, string code, string name, bool active, long version, DateTimeOffset now) => new()
    {
        Id = id,
        Code = code,
        Name = name,
        Active = active,
        Version = version,
        UpdatedAt = now,
    };

    /// <summary>A department Auth lists that the copy lacks (created while Tickets was not subscribed yet).</summary>
    public static Department FromListing(Guid id, string code, string name, bool active, DateTimeOffset now) =>
        FromEvent(id, code, name, active, version: 0, now);

    /// <returns>Whether the event was newer than the copy, and so applied.</returns>
    public bool ApplyEvent(string code, string name, bool active, long version, DateTimeOffset now)
    {
        if (version <= Version)
            return false;
        Code = code;
        Name = name;
        Active = active;
        Version = version;
        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// Takes Auth's listed state while no event has reached the copy. Once one has, events keep the row current, and a
    /// listing (which carries no event version to compare) could be older than it.
    /// </summary>
    /// <returns>Whether anything changed.</returns>
    public bool ApplyListing(string code, string name, bool active, DateTimeOffset now)
    {
        if (Version != 0 || (Code == code && Name == name && Active == active))
            return false;
        Code = code;
        Name = name;
        Active = active;
        UpdatedAt = now;
        return true;
    }
}
