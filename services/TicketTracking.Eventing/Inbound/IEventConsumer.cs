using Google.Protobuf;

namespace TicketTracking.Eventing.Inbound;

/// <summary>What a handler tells the transport: done, try again later, or never (dead-letter it).</summary>
public enum HandlerResult
{
    Success,
    Retry,
    Drop,
}

/// <summary>The delivery facts a handler needs: the event id is the idempotency key of whatever it does.</summary>
public sealed record EventContext(Guid EventId, string Topic);

/// <summary>
/// Handles one event type, whichever transport delivered it. Must be idempotent: the same event may arrive again.
/// An exception counts as <see cref="HandlerResult.Retry"/>.
/// </summary>
public interface IEventConsumer<in TEvent> where TEvent : IMessage
{
    Task<HandlerResult> HandleAsync(TEvent payload, EventContext context, CancellationToken cancellationToken);
}
