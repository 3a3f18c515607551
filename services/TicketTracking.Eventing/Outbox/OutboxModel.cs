using Microsoft.EntityFrameworkCore;

namespace TicketTracking.Eventing.Outbox;

public static class OutboxModel
{
    /// <summary>The channel standby replicas notify after committing outbox rows, so the active relay wakes at once.</summary>
    public const string NotifyChannel = "outbox_messages";

    /// <summary>Maps <c>outbox_messages</c> into a service's DbContext (call from OnModelCreating).</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Topic).HasMaxLength(100);
            outbox.Property(m => m.AggregateId).HasMaxLength(100);
            outbox.Property(m => m.LastError).HasMaxLength(2000);
            // The relay reads only what is pending, oldest first.
            outbox.HasIndex(m => m.Id).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_pending");
            outbox.HasIndex(m => m.SentAt).HasFilter("sent_at IS NOT NULL").HasDatabaseName("ix_outbox_messages_sent");
        });
        return modelBuilder;
    }

    /// <summary>
    /// SQL of the first outbox migrations: a trigger that notified on every insert. Its NOTIFY took PostgreSQL's
    /// cluster-wide notify lock until each writing transaction's commit was flushed, so later migrations drop it.
    /// </summary>
    public const string CreateNotifyTrigger = $"""
        CREATE FUNCTION notify_outbox_messages() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('{NotifyChannel}', '');
          RETURN NULL;
        END $$;
        CREATE TRIGGER outbox_messages_inserted AFTER INSERT ON outbox_messages
          FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_messages();
        """;

    public const string DropNotifyTrigger = """
        DROP TRIGGER IF EXISTS outbox_messages_inserted ON outbox_messages;
        DROP FUNCTION IF EXISTS notify_outbox_messages();
        """;
}
