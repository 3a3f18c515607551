namespace TicketTracking.ServiceDefaults.Hosting;

/// <summary>Which health endpoint runs a check: <c>/healthz</c> runs only live checks, <c>/readyz</c> every check.</summary>
public static class HealthTags
{
    public const string Live = "live";

    public const string Ready = "ready";
}
