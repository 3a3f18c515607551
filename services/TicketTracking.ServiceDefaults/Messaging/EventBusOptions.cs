using System.ComponentModel.DataAnnotations;

namespace TicketTracking.ServiceDefaults.Messaging;

/// <summary>How integration events travel (section <c>EventBus</c>, ARCHITECTURE.md §6).</summary>
public sealed class EventBusOptions : IValidatableObject
{
    public const string Section = "EventBus";

    /// <summary><c>dapr</c> (production, through the sidecar) or <c>rabbitmq</c> (local runs and CI).</summary>
    public string Transport { get; set; } = "dapr";

    /// <summary>AMQP URI for the <c>rabbitmq</c> transport (<c>RabbitMq:ConnectionString</c>).</summary>
    public string? RabbitMqConnectionString { get; set; }

    /// <summary>The sidecar's HTTP port for the <c>dapr</c> transport (Dapr sets <c>DAPR_HTTP_PORT</c>).</summary>
    public int DaprHttpPort { get; set; } = 3500;

    /// <summary>
    /// First wait before a RETRY is redelivered by the rabbitmq transport; it doubles per attempt up to 30 s
    /// (<c>EventBus:RetryBaseDelay</c>, default 1 s; tests shorten it).
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public bool UsesRabbitMq => Transport == "rabbitmq";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Transport is not ("dapr" or "rabbitmq"))
            yield return new ValidationResult($"EventBus:Transport '{Transport}' is not supported: use 'dapr' or 'rabbitmq'.");
        else if (UsesRabbitMq && !Uri.TryCreate(RabbitMqConnectionString, UriKind.Absolute, out _))
            yield return new ValidationResult("RabbitMq:ConnectionString is missing or not an amqp:// URI (needed by EventBus:Transport=rabbitmq).");
    }
}
