using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;
using TicketTracking.Tickets.Data;
using BuiltInDepartments = TicketTracking.Tickets.Domain.BuiltInDepartments;

namespace TicketTracking.Tickets.Tests;

/// <summary>Two replicas of Tickets on one database: one relay publishes, the other stands by and takes over.</summary>
public sealed class RelayReplicaTests : IAsyncLifetime
{
    private readonly TicketsFactory _first = new();
    private Replica _second = null!;
    private IConnection _broker = null!;
    private IChannel _channel = null!;
    private readonly ConcurrentQueue<string> _delivered = new();

    public async ValueTask InitializeAsync()
    {
        await _first.InitializeAsync();
        _second = new Replica(_first);
        _broker = await new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMq) }.CreateConnectionAsync();
        _channel = await _broker.CreateChannelAsync();
        await _channel.ExchangeDeclareAsync("ticket-created", ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = (await _channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await _channel.QueueBindAsync(queue, "ticket-created", "");
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            _delivered.Enqueue(delivery.BasicProperties.MessageId!);
            return Task.CompletedTask;
        };
        await _channel.BasicConsumeAsync(queue, autoAck: true, consumer);
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _broker.DisposeAsync();
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    private static async Task CreateTicket(ServiceFactory<TicketsApp, TicketsDbContext> replica) =>
        await new TicketService.TicketServiceClient(replica.Channel).CreateTicketAsync(new CreateTicketRequest
        {
            Subject = "Shared printer offline",
            Description = "Floor 2.",
            RequesterId = Guid.CreateVersion7().ToString(),
            DepartmentId = BuiltInDepartments.It.ToString(),
            Priority = Priority.Low,
        });

    private Task<List<string>> OutboxIds() =>
        _second.WithDatabase(async db => (await db.Set<OutboxMessage>().Select(m => m.Id).ToListAsync()).Select(id => id.ToString()).ToList());

    private Task WaitUntilEveryRowIsDelivered(TimeSpan within) =>
        Eventually.Until(async () => (await OutboxIds()).All(_delivered.Contains), within);

    private async Task<long> RelayLeasesHeld()
    {
        await using var connection = new NpgsqlConnection(_first.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Every_event_is_published_once_and_the_standby_takes_over_when_the_active_relay_stops()
    {
        // The first replica starts alone and takes the relay lease; the second starts after it, as a standby.
        await CreateTicket(_first);
        await Eventually.Until(async () => await RelayLeasesHeld() > 0, TimeSpan.FromSeconds(10));
        for (var i = 1; i < 20; i++)
            await CreateTicket(i % 2 == 0 ? _first : _second);

        await WaitUntilEveryRowIsDelivered(TimeSpan.FromSeconds(20));
        (await RelayLeasesHeld()).ShouldBe(1);

        // The active replica goes away: the standby takes the lease and publishes what comes next.
        await _first.StopHostAsync();
        await CreateTicket(_second);
        await WaitUntilEveryRowIsDelivered(TimeSpan.FromSeconds(20));

        var ours = await OutboxIds();
        ours.Count.ShouldBe(21);
        _delivered.Where(ours.Contains).GroupBy(id => id).ShouldAllBe(group => group.Count() == 1);
    }

    [Fact]
    public async Task An_event_committed_on_either_replica_is_published_at_once_not_at_the_relays_next_look()
    {
        await CreateTicket(_first);
        await Eventually.Until(async () => await RelayLeasesHeld() > 0, TimeSpan.FromSeconds(10));
        await WaitUntilEveryRowIsDelivered(TimeSpan.FromSeconds(20));

        // The active relay looks on its own only every 30 s: each of these arrives because its commit woke it — on the
        // active replica in-process, on the standby through the standby's NOTIFY.
        foreach (var replica in new ServiceFactory<TicketsApp, TicketsDbContext>[] { _second, _first, _second, _first })
        {
            await CreateTicket(replica);
            await WaitUntilEveryRowIsDelivered(TimeSpan.FromSeconds(3));
        }
        (await RelayLeasesHeld()).ShouldBe(1);
    }

    private sealed class Replica(TicketsFactory owner) : ServiceFactory<TicketsApp, TicketsDbContext>(owner);
}
