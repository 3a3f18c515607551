using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using TicketTracking.Eventing.Inbound;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Messaging;

namespace TicketTracking.Eventing.Transport;

/// <summary>
/// Consumes this app's queues (<c>{app-id}-{topic}</c>) and feeds the dispatcher. Acknowledges only after the handler
/// finished. RETRY is redelivered later with backoff (a delayed republish carrying the attempt count) up to
/// <see cref="MaxAttempts"/> times, then dead-lettered; DROP is dead-lettered at once — the policy resiliency.yaml
/// gives the Dapr path.
/// </summary>
internal sealed partial class RabbitMqSubscriber(
    RabbitMqConnection connection,
    EventDispatcher dispatcher,
    AppIdentity app,
    IOptions<EventBusOptions> options,
    ILogger<RabbitMqSubscriber> logger) : BackgroundService
{
    public const int MaxAttempts = 8;
    public const string AttemptHeader = "x-tt-attempt";
    private const ushort Prefetch = 20;
    private readonly List<IChannel> _channels = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The broker may be down when the app starts: keep trying; once connected, the client recovers by itself.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SubscribeAsync(stoppingToken);
                return;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                await CloseChannelsAsync();
                LogSubscribeFailed(logger, error, attempt);
                await Task.Delay(RetryDelay(TimeSpan.FromSeconds(1), Math.Min(attempt, 6)), stoppingToken);
            }
        }
    }

    private async Task SubscribeAsync(CancellationToken stoppingToken)
    {
        var open = await connection.GetAsync(stoppingToken);
        foreach (var topic in dispatcher.Topics)
        {
            var channel = await open.CreateChannelAsync(cancellationToken: stoppingToken);
            lock (_channels)
                _channels.Add(channel);
            var queue = await RabbitMqTopology.DeclareSubscriptionAsync(channel, app.AppId, topic, stoppingToken);
            await channel.BasicQosAsync(0, Prefetch, global: false, stoppingToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, queue, topic, delivery, stoppingToken);
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stoppingToken);
            LogSubscribed(logger, queue);
        }
    }

    private async Task HandleAsync(IChannel channel, string queue, string topic, BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        var result = await dispatcher.DispatchAsync(topic, delivery.Body, stoppingToken);
        var attempt = Attempt(delivery.BasicProperties);
        switch (result)
        {
            case HandlerResult.Success:
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken);
                break;
            case HandlerResult.Retry when attempt < MaxAttempts:
                // Republish after the backoff without holding up the queue; the original is acked only once its
                // copy is safely queued again, so a crash in between redelivers it instead of losing it.
                var body = delivery.Body.ToArray();
                var properties = new BasicProperties(delivery.BasicProperties)
                {
                    Headers = new Dictionary<string, object?>(delivery.BasicProperties.Headers ?? new Dictionary<string, object?>())
                    {
                        [AttemptHeader] = attempt + 1,
                    },
                };
                var tag = delivery.DeliveryTag;
                _ = Task.Run(async () =>
                {
                    await Task.Delay(RetryDelay(options.Value.RetryBaseDelay, attempt), stoppingToken);
                    await channel.BasicPublishAsync("", queue, mandatory: false, properties, body, stoppingToken);
                    await channel.BasicAckAsync(tag, multiple: false, stoppingToken);
                }, stoppingToken);
                break;
            default:
                LogDeadLettered(logger, queue, result, attempt);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: false, stoppingToken);
                break;
        }
    }

    /// <summary>1 s, 2 s, 4 s, … (from the base delay) at most 30 s apart (ARCHITECTURE.md §6).</summary>
    internal static TimeSpan RetryDelay(TimeSpan baseDelay, int attempt) =>
        TimeSpan.FromTicks(Math.Min((long)(baseDelay.Ticks * Math.Pow(2, attempt - 1)), TimeSpan.FromSeconds(30).Ticks));

    private static int Attempt(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(AttemptHeader, out var value) == true && value is int attempt ? attempt : 1;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await CloseChannelsAsync();
    }

    /// <summary>
    /// Safe to run twice at once: a minimal-hosting app under WebApplicationFactory is stopped both by the factory and
    /// by its own RunAsync reacting to ApplicationStopping, so StopAsync can overlap itself.
    /// </summary>
    private async Task CloseChannelsAsync()
    {
        List<IChannel> closing;
        lock (_channels)
        {
            closing = [.. _channels];
            _channels.Clear();
        }
        foreach (var channel in closing)
            await channel.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue}.")]
    private static partial void LogSubscribed(ILogger logger, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing failed (attempt {Attempt}); retrying.")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception error, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered a message from {Queue}: {Result} after {Attempt} attempt(s).")]
    private static partial void LogDeadLettered(ILogger logger, string queue, HandlerResult result, int attempt);
}
