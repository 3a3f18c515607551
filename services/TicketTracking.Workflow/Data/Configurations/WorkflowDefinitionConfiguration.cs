using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Workflow.Domain;

namespace TicketTracking.Workflow.Data.Configurations;

internal sealed class WorkflowDefinitionConfiguration : IEntityTypeConfiguration<WorkflowDefinition>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinition> builder)
    {
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Name).HasMaxLength(WorkflowDefinition.MaxNameLength);
        builder.Property(w => w.Description).HasMaxLength(WorkflowDefinition.MaxDescriptionLength);
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.Version).IsRowVersion();
        builder.HasIndex(w => new { w.DepartmentId, w.CategoryId, w.SubcategoryId });
    }
}
