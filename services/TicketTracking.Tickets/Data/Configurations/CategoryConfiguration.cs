using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Data.Configurations;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(Category.MaxNameLength);
        builder.Property(c => c.Description).HasMaxLength(Category.MaxDescriptionLength);
        builder.Property(c => c.FieldsSchema).HasMaxLength(FieldsSchema.MaxLength);
        builder.HasIndex(c => new { c.DepartmentId, c.Name }).IsUnique();
        builder.Property(c => c.Version).IsRowVersion();
        builder.HasMany(c => c.Subcategories).WithOne().HasForeignKey(s => s.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SubcategoryConfiguration : IEntityTypeConfiguration<Subcategory>
{
    public void Configure(EntityTypeBuilder<Subcategory> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(Category.MaxNameLength);
        builder.Property(s => s.Description).HasMaxLength(Category.MaxDescriptionLength);
        builder.Property(s => s.FieldsSchema).HasMaxLength(FieldsSchema.MaxLength);
        builder.HasIndex(s => new { s.CategoryId, s.Name }).IsUnique();
        builder.Property(s => s.Version).IsRowVersion();
    }
}
