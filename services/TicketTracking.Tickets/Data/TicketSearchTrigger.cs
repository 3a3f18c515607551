namespace TicketTracking.Tickets.Data;

/// <summary>
/// Keeps <c>tickets.search</c> current: subject and tags weigh most (A), the description less (B), stemmed with the
/// English configuration. A trigger rather than a generated column, because generated columns cannot call
/// array_to_string on the tags (it is not immutable).
/// </summary>
public static class TicketSearchTrigger
{
    public const string Create = """
        CREATE FUNCTION tickets_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search :=
                setweight(to_tsvector('english', coalesce(NEW.subject, '')), 'A') ||
                setweight(to_tsvector('english', array_to_string(NEW.tags, ' ')), 'A') ||
                setweight(to_tsvector('english', coalesce(NEW.description, '')), 'B');
            RETURN NEW;
        END $$;
        CREATE TRIGGER tickets_search_vector BEFORE INSERT OR UPDATE OF subject, description, tags ON tickets
            FOR EACH ROW EXECUTE FUNCTION tickets_search_vector();
        UPDATE tickets SET subject = subject;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS tickets_search_vector ON tickets;
        DROP FUNCTION IF EXISTS tickets_search_vector();
        """;
}
