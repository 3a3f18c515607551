namespace TicketTracking.Eventing.Transport;

/// <summary>Carries a published event to the broker (RabbitMQ directly, or the Dapr sidecar).</summary>
public interface IEventTransport
{
    /// <summary>Returns once the broker has taken the event; throws when it did not (nack, timeout, no connection).</summary>
    Task PublishAsync(string topic, Guid eventId, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken);
}
