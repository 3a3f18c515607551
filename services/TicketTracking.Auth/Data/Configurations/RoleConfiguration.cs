using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Auth.Data.Configurations;

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(Role.MaxNameLength);
        // Role names are unique regardless of case ("it support" and "IT Support" would confuse everyone).
        builder.HasIndex(r => r.Name).IsUnique().UseCollation(AuthDbContext.CaseInsensitive);
        builder.Property(r => r.Description).HasMaxLength(Role.MaxDescriptionLength);
        builder.Property(r => r.Permissions).HasColumnType("text[]");
        builder.Property(r => r.Version).IsRowVersion();
        builder.HasData(BuiltInRoles.All.Select(r => new
        {
            r.Id,
            r.Name,
            r.Description,
            Permissions = r.Permissions.ToList(),
            BuiltIn = true,
            RequireTwoFactor = false,
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        }));
    }
}
