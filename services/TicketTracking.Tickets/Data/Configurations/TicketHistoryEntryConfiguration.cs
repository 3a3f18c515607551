using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Data.Configurations;

internal sealed class TicketHistoryEntryConfiguration : IEntityTypeConfiguration<TicketHistoryEntry>
{
    public void Configure(EntityTypeBuilder<TicketHistoryEntry> builder)
    {
        builder.ToTable("ticket_history");
        builder.HasKey(e => e.Id);
        // A ticket's timeline is read oldest first by its time-ordered ids.
        builder.HasIndex(e => new { e.TicketId, e.Id });
        builder.HasOne<Ticket>().WithMany().HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Field).HasMaxLength(64);
        builder.Property(e => e.OldValue).HasMaxLength(Ticket.MaxDescriptionLength);
        builder.Property(e => e.NewValue).HasMaxLength(Ticket.MaxDescriptionLength);
        builder.Property(e => e.Note).HasMaxLength(TicketsOptions.MaxReasonLength);
    }
}
