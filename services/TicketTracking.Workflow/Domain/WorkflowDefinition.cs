using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Workflow.Domain;

/// <summary>
/// How tickets of one department/category are worked: a graph of steps owned by roles. Created as a draft; publishing
/// freezes a version that running tasks keep.
/// </summary>
public sealed class WorkflowDefinition
{
    public const int MaxNameLength = 120;
    public const int MaxDescriptionLength = 2000;

    private WorkflowDefinition()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public Guid DepartmentId { get; private set; }

    public Guid? CategoryId { get; private set; }

    /// <summary>Set only with a category: a subcategory match is more specific than a category-only one.</summary>
    public Guid? SubcategoryId { get; private set; }

    public WorkflowDefinitionStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static WorkflowDefinition CreateDraft(
        string name, string description, Guid departmentId, Guid? categoryId, Guid? subcategoryId, DateTimeOffset now)
    {
        if (subcategoryId is not null && categoryId is null)
            throw new ArgumentException("A subcategory needs its category.", nameof(subcategoryId));
        return new WorkflowDefinition
        {
            Id = Ids.New(),
            Name = name.Trim(),
            Description = description.Trim(),
            DepartmentId = departmentId,
            CategoryId = categoryId,
            SubcategoryId = subcategoryId,
            Status = WorkflowDefinitionStatus.Draft,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
