using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Auth.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Email).HasMaxLength(User.MaxEmailLength);
        builder.Property(u => u.NormalizedEmail).HasMaxLength(User.MaxEmailLength);
        builder.HasIndex(u => u.NormalizedEmail).IsUnique();
        builder.Property(u => u.FirstName).HasMaxLength(User.MaxNameLength);
        builder.Property(u => u.LastName).HasMaxLength(User.MaxNameLength);
        builder.Property(u => u.Phone).HasMaxLength(User.MaxPhoneLength);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.RejectionReason).HasMaxLength(User.MaxReasonLength);
        // Role membership is an array: "members of role X" is `role_ids @> {X}` on a GIN index.
        builder.Property(u => u.RoleIds).HasColumnType("uuid[]");
        builder.HasIndex(u => u.RoleIds).HasMethod("gin");
        builder.HasIndex(u => u.DepartmentId);
        builder.Property(u => u.Version).IsRowVersion();
        builder.Ignore(u => u.DisplayName);
        builder.Ignore(u => u.InvitationPending);
        builder.Ignore(u => u.CanSignIn);
        builder.Ignore(u => u.TotpEnabled);
    }
}
