using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Protos.Events.V1;
using TicketTracking.ServiceDefaults;
using TicketTracking.Testing;

namespace TicketTracking.Eventing.Tests;

/// <summary>
/// A subscriber app on the test RabbitMQ with a unique app id (so its own queues), whose ticket-created consumer
/// answers what the test scripts and records every call.
/// </summary>
public sealed class SubscriberHost : IAsyncDisposable
{
    private readonly IHost _host;

    private SubscriberHost(IHost host, string appId)
    {
        _host = host;
        AppId = appId;
    }

    public string AppId { get; }

    public string Queue => $"{AppId}-ticket-created";

    public ScriptedConsumer Consumer => _host.Services.GetRequiredService<ScriptedConsumer>();

    public static async Task<SubscriberHost> StartAsync(params HandlerResult[] script)
    {
        var appId = $"test-{Guid.NewGuid():N}"[..17];
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["EventBus:Transport"] = "rabbitmq";
        builder.Configuration["RabbitMq:ConnectionString"] = TestEnvironment.RabbitMq;
        builder.Configuration["EventBus:RetryBaseDelay"] = "00:00:00.010";
        builder.Services.AddSingleton(new AppIdentity(appId));
        builder.Services.AddSingleton(new ScriptedConsumer(script));
        builder.AddEventConsumer<TicketCreated, ScriptedConsumerScope>();
        var host = builder.Build();
        await host.StartAsync();
        var subscriber = new SubscriberHost(host, appId);
        await subscriber.WaitForConsumerAsync();
        return subscriber;
    }

    /// <summary>Publishes raw bytes to the topic exchange, as another app's outbox relay would.</summary>
    public static async Task PublishAsync(byte[] body, string messageId)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicPublishAsync("ticket-created", "", mandatory: false,
            new BasicProperties { MessageId = messageId, DeliveryMode = DeliveryModes.Persistent }, body);
    }

    public static async Task<uint> MessagesIn(string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    private async Task WaitForConsumerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMq) }.CreateConnectionAsync(timeout.Token);
        while (true)
        {
            try
            {
                await using var channel = await connection.CreateChannelAsync(cancellationToken: timeout.Token);
                if ((await channel.QueueDeclarePassiveAsync(Queue, timeout.Token)).ConsumerCount > 0)
                    return;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // The queue is not declared yet.
            }
            await Task.Delay(50, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in new[] { Queue, $"dlq-{Queue}" })
            await channel.QueueDeleteAsync(queue);
        await channel.ExchangeDeleteAsync($"dlx-{Queue}");
    }
}

/// <summary>Answers from a script (then Success), recording every event id it saw.</summary>
public sealed class ScriptedConsumer(HandlerResult[] script)
{
    private int _calls;

    public ConcurrentQueue<Guid> Seen { get; } = new();

    public HandlerResult Next(Guid eventId)
    {
        Seen.Enqueue(eventId);
        var call = Interlocked.Increment(ref _calls) - 1;
        return call < script.Length ? script[call] : HandlerResult.Success;
    }
}

/// <summary>The scoped consumer the dispatcher resolves; it defers to the shared script.</summary>
public sealed class ScriptedConsumerScope(ScriptedConsumer script) : IEventConsumer<TicketCreated>
{
    public Task<HandlerResult> HandleAsync(TicketCreated payload, EventContext context, CancellationToken cancellationToken) =>
        Task.FromResult(script.Next(context.EventId));
}
