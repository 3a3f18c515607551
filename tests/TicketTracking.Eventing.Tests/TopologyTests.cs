using System.Text.Json;
using RabbitMQ.Client;
using TicketTracking.Eventing.Transport;
using TicketTracking.Testing;

namespace TicketTracking.Eventing.Tests;

/// <summary>Our RabbitMQ declarations and Dapr's pubsub.rabbitmq component must be interchangeable on one broker.</summary>
public sealed class TopologyTests
{
    /// <summary>Declares a subscription with the exact calls and arguments of Dapr's component (enableDeadLetter on).</summary>
    private static async Task DeclareAsDaprDoes(IChannel channel, string appId, string topic)
    {
        var queue = $"{appId}-{topic}";
        await channel.ExchangeDeclareAsync(topic, "fanout", durable: true, autoDelete: false);
        await channel.ExchangeDeclareAsync($"dlx-{queue}", "fanout", durable: true, autoDelete: false);
        await channel.QueueDeclareAsync($"dlq-{queue}", durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-mode"] = "lazy" });
        await channel.QueueBindAsync($"dlq-{queue}", $"dlx-{queue}", "");
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic", ["x-dead-letter-exchange"] = $"dlx-{queue}" });
        await channel.QueueBindAsync(queue, topic, "");
    }

    [Fact]
    public async Task Our_declarations_and_daprs_accept_each_other_in_either_order()
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMq) }.CreateConnectionAsync();
        var daprFirst = $"topology-{Guid.NewGuid():N}"[..20];
        var oursFirst = $"topology-{Guid.NewGuid():N}"[..20];
        try
        {
            // A PRECONDITION_FAILED would close the channel and throw here.
            await using (var channel = await connection.CreateChannelAsync())
            {
                await DeclareAsDaprDoes(channel, daprFirst, "ticket-created");
                await RabbitMqTopology.DeclareSubscriptionAsync(channel, daprFirst, "ticket-created", CancellationToken.None);
                await RabbitMqTopology.DeclareSubscriptionAsync(channel, oursFirst, "ticket-created", CancellationToken.None);
                await DeclareAsDaprDoes(channel, oursFirst, "ticket-created");
                channel.IsOpen.ShouldBeTrue();
            }
        }
        finally
        {
            await using var cleanup = await connection.CreateChannelAsync();
            foreach (var app in new[] { daprFirst, oursFirst })
            {
                await cleanup.QueueDeleteAsync($"{app}-ticket-created");
                await cleanup.QueueDeleteAsync($"dlq-{app}-ticket-created");
                await cleanup.ExchangeDeleteAsync($"dlx-{app}-ticket-created");
            }
        }
    }

    [Fact]
    public void The_predeclared_definitions_give_every_queue_daprs_shape_and_a_dead_letter_pair()
    {
        using var definitions = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "rabbitmq", "definitions.json")));
        var queues = definitions.RootElement.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!);
        var exchanges = definitions.RootElement.GetProperty("exchanges").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("type").GetString());
        var bindings = definitions.RootElement.GetProperty("bindings").EnumerateArray()
            .Select(b => (b.GetProperty("source").GetString(), b.GetProperty("destination").GetString())).ToHashSet();

        var subscriberQueues = queues.Keys.Where(name => !name.StartsWith("dlq-", StringComparison.Ordinal)).ToList();
        subscriberQueues.ShouldNotBeEmpty();
        foreach (var name in subscriberQueues)
        {
            var queue = queues[name];
            queue.GetProperty("durable").GetBoolean().ShouldBeTrue(name);
            queue.GetProperty("auto_delete").GetBoolean().ShouldBeFalse(name);
            queue.GetProperty("arguments").EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetString())
                .ShouldBe(new Dictionary<string, string?> { ["x-queue-type"] = "classic", ["x-dead-letter-exchange"] = $"dlx-{name}" });
            queues.ShouldContainKey($"dlq-{name}");
            queues[$"dlq-{name}"].GetProperty("arguments").GetProperty("x-queue-mode").GetString().ShouldBe("lazy");
            exchanges[$"dlx-{name}"].ShouldBe("fanout");
            bindings.ShouldContain(($"dlx-{name}", $"dlq-{name}"));
            bindings.Count(b => b.Item2 == name && exchanges.GetValueOrDefault(b.Item1!) == "fanout").ShouldBe(1, $"{name} is bound to its topic");
        }
    }
}
