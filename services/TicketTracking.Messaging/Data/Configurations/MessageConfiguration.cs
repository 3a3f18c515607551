using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Messaging.Domain;

namespace TicketTracking.Messaging.Data.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.TicketNumber).HasMaxLength(32);
        builder.Property(m => m.Body).HasMaxLength(Message.MaxBodyLength);
        builder.Property(m => m.Visibility).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(Message.MaxIdempotencyKeyLength);
        builder.Property(m => m.Version).IsRowVersion();
        // The conversation is read per ticket in posting order; UUIDv7 ids are that order.
        builder.HasIndex(m => new { m.TicketNumber, m.Id });
        builder.HasIndex(m => m.IdempotencyKey).IsUnique();
    }
}
