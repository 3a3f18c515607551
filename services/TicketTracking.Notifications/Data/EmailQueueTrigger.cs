namespace TicketTracking.Notifications.Data;

/// <summary>
/// Wakes the senders of every replica when a mail becomes due now (queued, or put back by a retry): a row trigger
/// NOTIFYs on commit, so the happy path has no polling delay.
/// </summary>
public static class EmailQueueTrigger
{
    public const string NotifyChannel = "emails_queued";

    /// <summary>SQL for the migration that adds the emails table.</summary>
    public const string CreateNotifyTrigger = $"""
        CREATE FUNCTION notify_emails_queued() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('{NotifyChannel}', '');
          RETURN NULL;
        END $$;
        CREATE TRIGGER emails_queued AFTER INSERT OR UPDATE OF status ON emails
          FOR EACH ROW WHEN (NEW.status = 'Queued') EXECUTE FUNCTION notify_emails_queued();
        """;

    public const string DropNotifyTrigger = """
        DROP TRIGGER IF EXISTS emails_queued ON emails;
        DROP FUNCTION IF EXISTS notify_emails_queued();
        """;
}
