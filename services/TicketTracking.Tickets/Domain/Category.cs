using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Tickets.Domain;

/// <summary>
/// A kind of request under one of Auth's departments (e.g. "Hardware" under IT), optionally with a JSON Schema for
/// the extra fields its tickets carry.
/// </summary>
public sealed class Category
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    private Category()
    {
    }

    public Guid Id { get; private set; }

    public Guid DepartmentId { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>Empty: tickets of the category carry no extra fields.</summary>
    public string FieldsSchema { get; private set; } = "";

    public bool Active { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>.</summary>
    public uint Version { get; private set; }

    public List<Subcategory> Subcategories { get; private set; } = [];

    public static Category Create(Guid departmentId, string name, string description, string fieldsSchema, DateTimeOffset now) => new()
    {
        Id = Ids.New(),
        DepartmentId = departmentId,
        Name = name.Trim(),
        Description = description.Trim(),
        FieldsSchema = fieldsSchema.Trim(),
        Active = true,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Update(string name, string description, string fieldsSchema, bool active, DateTimeOffset now)
    {
        Name = name.Trim();
        Description = description.Trim();
        FieldsSchema = fieldsSchema.Trim();
        Active = active;
        UpdatedAt = now;
    }
}

/// <summary>A finer kind within a category; its own schema, when it has one, replaces the category's.</summary>
public sealed class Subcategory
{
    private Subcategory()
    {
    }

    public Guid Id { get; private set; }

    public Guid CategoryId { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public string FieldsSchema { get; private set; } = "";

    public bool Active { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static Subcategory Create(Guid categoryId, string name, string description, string fieldsSchema, DateTimeOffset now) => new()
    {
        Id = Ids.New(),
        CategoryId = categoryId,
        Name = name.Trim(),
        Description = description.Trim(),
        FieldsSchema = fieldsSchema.Trim(),
        Active = true,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Update(string name, string description, string fieldsSchema, bool active, DateTimeOffset now)
    {
        Name = name.Trim();
        Description = description.Trim();
        FieldsSchema = fieldsSchema.Trim();
        Active = active;
        UpdatedAt = now;
    }
}
