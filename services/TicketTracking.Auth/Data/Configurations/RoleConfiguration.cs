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
        // The built-in roles are inserted by the Identity migration (BuiltInRoles.SeedInto), not by HasData: seed
        // data holding a list makes EF Core see a different model on every build.
    }
}
