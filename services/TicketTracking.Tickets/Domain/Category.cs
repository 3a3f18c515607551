using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Tickets.Domain;

/// <summary>What categories and subcategories share: a name, a description, an optional fields schema, an active flag.</summary>
public abstract class TaxonomyEntry
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>Empty: no extra fields (for a subcategory: the category's schema applies).</summary>
    public string FieldsSchema { get; private set; } = "";

    public bool Active { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>.</summary>
    public uint Version { get; private set; }

    public void Update(string name, string description, string fieldsSchema, bool active, DateTimeOffset now)
    {
        Name = name.Trim();
        Description = description.Trim();
        FieldsSchema = fieldsSchema.Trim();
        Active = active;
        UpdatedAt = now;
    }

    /// <summary>A new, active entry.</summary>
    protected void Start(string name, string description, string fieldsSchema, DateTimeOffset now)
    {
        Id = Ids.New();
        Update(name, description, fieldsSchema, active: true, now);
        CreatedAt = now;
    }
}

/// <summary>
/// A kind of request under one of Auth's departments (e.g. "Hardware" under IT), optionally with a JSON Schema for
/// the extra fields its tickets carry.
/// </summary>
public sealed class Category : TaxonomyEntry
{
    private Category()
    {
    }

    public Guid DepartmentId { get; private set; }

    public List<Subcategory> Subcategories { get; private set; } = [];

    public static Category Create(Guid departmentId, string name, string description, string fieldsSchema, DateTimeOffset now)
    {
        var category = new Category { DepartmentId = departmentId };
        category.Start(name, description, fieldsSchema, now);
        return category;
    }
}

/// <summary>A finer kind within a category; its own schema, when it has one, replaces the category's.</summary>
public sealed class Subcategory : TaxonomyEntry
{
    private Subcategory()
    {
    }

    public Guid CategoryId { get; private set; }

    public static Subcategory Create(Guid categoryId, string name, string description, string fieldsSchema, DateTimeOffset now)
    {
        var subcategory = new Subcategory { CategoryId = categoryId };
        subcategory.Start(name, description, fieldsSchema, now);
        return subcategory;
    }
}
