using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketTracking.Eventing.Inbox;
using TicketTracking.Notifications.Domain;

namespace TicketTracking.Notifications.Data.Configurations;

internal sealed class EmailConfiguration : IEntityTypeConfiguration<Email>
{
    public void Configure(EntityTypeBuilder<Email> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.TemplateKey).HasMaxLength(100);
        builder.Property(e => e.ToAddress).HasMaxLength(Email.MaxAddressLength);
        builder.Property(e => e.ToName).HasMaxLength(Email.MaxNameLength);
        builder.Property(e => e.Subject).HasMaxLength(Email.MaxSubjectLength);
        // The name, not the number: readable in psql, and the queue's partial indexes name it.
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.LastError).HasMaxLength(Email.MaxErrorLength);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(Inbox.MaxMessageIdLength);
        builder.Property(e => e.Version).IsConcurrencyToken();
        // The sender's "what is due" query.
        builder.HasIndex(e => e.NextAttemptAt).HasFilter("status IN ('Queued', 'Retrying')").HasDatabaseName("ix_emails_due");
        // The admins' list of failed mails, newest first.
        builder.HasIndex(e => e.Id).IsDescending().HasFilter("status = 'Failed'").HasDatabaseName("ix_emails_failed");
    }
}
