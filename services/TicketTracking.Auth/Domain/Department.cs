using System.Text.RegularExpressions;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Auth.Domain;

/// <summary>A part of the organisation that people belong to and tickets are filed to (IT, Asset, Budget, …).</summary>
public sealed partial class Department
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    private Department(Guid id, string code, string name, string description, DateTimeOffset createdAt)
    {
        Id = id;
        Code = code;
        Name = name;
        Description = description;
        CreatedAt = createdAt;
        Active = true;
    }

    public Guid Id { get; private set; }

    /// <summary>Short upper-case key, unique (e.g. <c>IT</c>); stable, so other services and seeds can name it.</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    public bool Active { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>: changes with every update, so stale writes are detected.</summary>
    public uint Version { get; private set; }

    /// <summary>
    /// 1 when created, one more with every change: the aggregate version of <c>department-changed</c>, so a reader's
    /// copy can tell a newer state from an older one however close together two changes come.
    /// </summary>
    public long Revision { get; private set; } = 1;

    public static Department Create(string code, string name, string description, DateTimeOffset now) =>
        new(Ids.New(), NormalizeCode(code), name.Trim(), description.Trim(), now);

    public void Update(string name, string description, bool active)
    {
        Name = name.Trim();
        Description = description.Trim();
        Active = active;
        Revision++;
    }

    public static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();

    /// <summary>2–16 letters, digits or dashes, starting with a letter.</summary>
    public static bool IsValidCode(string code) => CodePattern().IsMatch(NormalizeCode(code));

    [GeneratedRegex("^[A-Z][A-Z0-9-]{1,15}$")]
    private static partial Regex CodePattern();
}
