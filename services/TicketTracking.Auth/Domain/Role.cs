using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Auth.Domain;

/// <summary>A named set of permissions that users and service accounts hold.</summary>
public sealed class Role
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    private Role(Guid id, string name, string description, List<string> permissions, bool requireTwoFactor, DateTimeOffset createdAt)
    {
        Id = id;
        Name = name;
        Description = description;
        Permissions = permissions;
        RequireTwoFactor = requireTwoFactor;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    public List<string> Permissions { get; private set; }

    public bool BuiltIn { get; private set; }

    /// <summary>Members must pass a second factor at sign-in.</summary>
    public bool RequireTwoFactor { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>.</summary>
    public uint Version { get; private set; }

    public static Role Create(string name, string description, IEnumerable<string> permissions, bool requireTwoFactor, DateTimeOffset now) =>
        new(Ids.New(), name.Trim(), description.Trim(), [.. permissions.Distinct()], requireTwoFactor, now);

    /// <summary>Built-in roles keep their name: seeds, docs and other services refer to them by it.</summary>
    public void Update(string name, string description, IEnumerable<string> permissions, bool requireTwoFactor, DateTimeOffset now)
    {
        if (BuiltIn && name.Trim() != Name)
            throw new RuleViolationException("name", $"'{Name}' is a built-in role and cannot be renamed.", "BUILT_IN_ROLE");
        Name = name.Trim();
        Description = description.Trim();
        Permissions = [.. permissions.Distinct()];
        RequireTwoFactor = requireTwoFactor;
        UpdatedAt = now;
    }
}
