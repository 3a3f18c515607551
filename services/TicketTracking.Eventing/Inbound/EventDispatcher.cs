using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TicketTracking.Eventing.Inbound;

/// <summary>One subscription: the topic, its payload type, and how to run its handler from a scope.</summary>
public sealed record EventSubscription(
    string Topic,
    Type PayloadType,
    Func<IServiceProvider, IMessage, EventContext, CancellationToken, Task<HandlerResult>> Handle)
{
    public static EventSubscription For<TEvent, THandler>()
        where TEvent : IMessage<TEvent>, new()
        where THandler : IEventConsumer<TEvent> =>
        new(EventTopics.For<TEvent>(), typeof(TEvent), (services, payload, context, cancellationToken) =>
            services.GetRequiredService<THandler>().HandleAsync((TEvent)payload, context, cancellationToken));
}

/// <summary>
/// The one inbound path behind every transport: parses the envelope, finds the topic's handler, runs it in its own
/// scope, and turns the outcome into SUCCESS / RETRY / DROP.
/// </summary>
public sealed partial class EventDispatcher(IEnumerable<EventSubscription> subscriptions, IServiceScopeFactory scopes, ILogger<EventDispatcher> logger)
{
    private readonly Dictionary<string, EventSubscription> _byTopic = subscriptions.ToDictionary(s => s.Topic);

    public IReadOnlyCollection<string> Topics => _byTopic.Keys;

    public async Task<HandlerResult> DispatchAsync(string topic, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!_byTopic.TryGetValue(topic, out var subscription))
        {
            LogUnsubscribed(logger, topic);
            return HandlerResult.Drop;
        }

        CloudEventEnvelope envelope;
        try
        {
            envelope = CloudEventEnvelope.Decode(body);
        }
        catch (FormatException error)
        {
            LogMalformed(logger, error, topic);
            return HandlerResult.Drop;
        }
        if (envelope.Payload.GetType() != subscription.PayloadType)
        {
            LogWrongType(logger, topic, envelope.Type);
            return HandlerResult.Drop;
        }

        try
        {
            using var scope = scopes.CreateScope();
            return await subscription.Handle(scope.ServiceProvider, envelope.Payload, new EventContext(envelope.Id, topic), cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogHandlerFailed(logger, error, envelope.Id, topic);
            return HandlerResult.Retry;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event arrived on {Topic}, which this app does not handle; dropped.")]
    private static partial void LogUnsubscribed(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A malformed event on {Topic} was dropped.")]
    private static partial void LogMalformed(ILogger logger, Exception error, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event of type {Type} arrived on {Topic}; dropped.")]
    private static partial void LogWrongType(ILogger logger, string topic, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling event {EventId} from {Topic} failed; it will be retried.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception error, Guid eventId, string topic);
}
