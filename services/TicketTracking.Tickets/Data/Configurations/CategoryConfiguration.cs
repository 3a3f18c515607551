using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Data.Configurations;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ConfigureTaxonomyEntry();
        builder.HasIndex(c => new { c.DepartmentId, c.Name }).IsUnique();
        builder.HasMany(c => c.Subcategories).WithOne().HasForeignKey(s => s.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SubcategoryConfiguration : IEntityTypeConfiguration<Subcategory>
{
    public void Configure(EntityTypeBuilder<Subcategory> builder)
    {
        builder.ConfigureTaxonomyEntry();
        builder.HasIndex(s => new { s.CategoryId, s.Name }).IsUnique();
    }
}

internal static class TaxonomyEntryConfiguration
{
    public static void ConfigureTaxonomyEntry<T>(this EntityTypeBuilder<T> builder) where T : TaxonomyEntry
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Name).HasMaxLength(TaxonomyEntry.MaxNameLength);
        builder.Property(e => e.Description).HasMaxLength(TaxonomyEntry.MaxDescriptionLength);
        builder.Property(e => e.FieldsSchema).HasMaxLength(FieldsSchema.MaxLength);
        builder.Property(e => e.Version).IsRowVersion();
    }
}
