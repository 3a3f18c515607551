namespace TicketTracking.ServiceDefaults.Data;

public static class Clock
{
    /// <summary>
    /// Now, in UTC, cut to PostgreSQL's microsecond precision, so an entity returned right after saving equals the same
    /// entity read back later.
    /// </summary>
    public static DateTimeOffset UtcNowForDatabase(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
