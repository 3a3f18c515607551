using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Data.Configurations;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        // Ids are Auth's: never generated here.
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Code).HasMaxLength(Department.MaxCodeLength);
        builder.Property(d => d.Name).HasMaxLength(Department.MaxNameLength);
        // Two writers racing on one row (two deliveries, or a delivery and the fill) cannot both win: the update is
        // conditional on the version read, and the loser retries against the newer row.
        builder.Property(d => d.Version).IsConcurrencyToken();
    }
}
