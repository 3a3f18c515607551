using Dapr.Client;

namespace TicketTracking.Eventing.Transport;

/// <summary>
/// Publishes through the Dapr sidecar. Our own CloudEvent goes as <c>application/cloudevents+json</c>, so daprd keeps
/// its id, source, type and data and only adds topic and pubsubname.
/// </summary>
public sealed class DaprPublisher(DaprClient dapr) : IEventTransport
{
    /// <summary>The pub/sub component's name in dapr/components/pubsub.yaml.</summary>
    public const string PubSubName = "pubsub";

    public Task PublishAsync(string topic, Guid eventId, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken) =>
        dapr.PublishByteEventAsync(PubSubName, topic, envelope, CloudEventEnvelope.ContentType, cancellationToken: cancellationToken);
}
