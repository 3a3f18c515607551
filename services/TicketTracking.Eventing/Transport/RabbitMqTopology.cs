using RabbitMQ.Client;

namespace TicketTracking.Eventing.Transport;

/// <summary>
/// The exchanges and queues exactly as Dapr's pubsub.rabbitmq component declares them (see dapr/README.md), so the
/// rabbitmq transport and real sidecars can share a broker without PRECONDITION_FAILED.
/// </summary>
public static class RabbitMqTopology
{
    /// <summary>Dapr's default consumer queue: <c>{app-id}-{topic}</c>.</summary>
    public static string QueueName(string appId, string topic) => $"{appId}-{topic}";

    public static Task DeclareTopicAsync(IChannel channel, string topic, CancellationToken cancellationToken) =>
        channel.ExchangeDeclareAsync(topic, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);

    /// <summary>The topic's fanout exchange, the subscriber's durable queue bound to it, and its dead-letter pair.</summary>
    public static async Task<string> DeclareSubscriptionAsync(IChannel channel, string appId, string topic, CancellationToken cancellationToken)
    {
        var queue = QueueName(appId, topic);
        var deadLetterExchange = $"dlx-{queue}";
        var deadLetterQueue = $"dlq-{queue}";

        await DeclareTopicAsync(channel, topic, cancellationToken);
        await channel.ExchangeDeclareAsync(deadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(deadLetterQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-mode"] = "lazy" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(deadLetterQueue, deadLetterExchange, "", cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic", ["x-dead-letter-exchange"] = deadLetterExchange },
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, topic, "", cancellationToken: cancellationToken);
        return queue;
    }
}
