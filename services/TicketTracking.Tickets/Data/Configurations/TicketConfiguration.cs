using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Data.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Number).HasDefaultValueSql($"nextval('{TicketsDbContext.TicketNumberSequence}')").ValueGeneratedOnAdd();
        builder.HasIndex(t => t.Number).IsUnique();
        builder.Property(t => t.Subject).HasMaxLength(Ticket.MaxSubjectLength);
        builder.Property(t => t.Description).HasMaxLength(Ticket.MaxDescriptionLength);
        builder.Property(t => t.Priority).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Version).IsRowVersion();
        builder.Property(t => t.Revision).HasDefaultValue(1L);
        builder.Ignore(t => t.DisplayNumber);
        builder.HasIndex(t => new { t.RequesterId, t.CreatedAt });
    }
}
