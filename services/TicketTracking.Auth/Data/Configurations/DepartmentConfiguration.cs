using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Auth.Data.Configurations;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    /// <summary>The departments every installation starts with (ARCHITECTURE.md §1); fixed ids so seeds elsewhere can refer to them.</summary>
    public static readonly (Guid Id, string Code, string Name, string Description)[] BuiltIn =
    [
        (Guid.Parse("0193a5c0-0000-7000-8000-000000000001"), "IT", "IT", "Computers, accounts, network and software."),
        (Guid.Parse("0193a5c0-0000-7000-8000-000000000002"), "ASSET", "Asset", "Equipment loans, returns and inventory."),
        (Guid.Parse("0193a5c0-0000-7000-8000-000000000003"), "BUDGET", "Budget", "Purchase requests and budget approvals."),
    ];

    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Code).HasMaxLength(16);
        builder.HasIndex(d => d.Code).IsUnique();
        builder.Property(d => d.Name).HasMaxLength(Department.MaxNameLength);
        builder.Property(d => d.Description).HasMaxLength(Department.MaxDescriptionLength);
        builder.Property(d => d.Version).IsRowVersion();
        builder.Property(d => d.Revision).HasDefaultValue(1L);
        builder.HasData(BuiltIn.Select(d => new
        {
            d.Id,
            d.Code,
            d.Name,
            d.Description,
            Active = true,
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Revision = 1L,
        }));
    }
}
