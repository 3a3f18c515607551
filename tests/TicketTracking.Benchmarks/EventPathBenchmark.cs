using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RabbitMQ.Client;
using TicketTracking.Eventing;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Events.V1;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.Testing;
using TicketTracking.Tickets.Data;

namespace TicketTracking.Benchmarks;

/// <summary>
/// Outbox → RabbitMQ → handler, through the real relay, publisher (with confirms), subscriber and dispatcher:
/// latency from each change's SaveChangesAsync (which commits the event) to its handler, at a steady rate and in a burst, against the test profile's
/// PostgreSQL and RabbitMQ. One process plays the publishing service and the subscribing worker.
/// </summary>
public static class EventPathBenchmark
{
    private const string AppId = "bench";
    private static readonly ConcurrentDictionary<Guid, long> Committed = new();
    private static readonly ConcurrentDictionary<Guid, long> Handled = new();

    public static async Task<int> RunAsync(string[] args)
    {
        var database = $"bench_events_{Guid.NewGuid():N}"[..28];
        var connection = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = database }.ConnectionString;
        await Admin($"CREATE DATABASE \"{database}\"");
        try
        {
            await using var app = Build(connection);
            await using (var scope = app.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<TicketsDbContext>().Database.MigrateAsync();
            await app.StartAsync();

            await Publish(app, count: 100, perSecond: 100); // warm-up: JIT, pools, channels
            await WaitHandled(100);
            Reset();

            var steady = await Measure(app, count: 2000, perSecond: 200);
            var burst = await Measure(app, count: 5000, perSecond: 0);

            Console.WriteLine($"Event path: outbox -> RabbitMQ -> handler, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine("| run | events | committed/s | handled/s | p50 ms | p95 ms | p99 ms | max ms |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            Console.WriteLine(steady.Row("steady 200/s"));
            Console.WriteLine(burst.Row("burst, 8 writers"));
            await app.StopAsync();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Admin($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            await DeleteQueues();
        }
        return 0;
    }

    private static WebApplication Build(string connection)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None); // the fresh database's first migration probe
        builder.Configuration["ConnectionStrings:Database"] = connection;
        builder.Configuration["EventBus:Transport"] = "rabbitmq";
        builder.Configuration["RabbitMq:ConnectionString"] = TestEnvironment.RabbitMq;
        builder.Services.AddSingleton(new AppIdentity(AppId));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceDatabase<TicketsDbContext>();
        builder.AddEventPublishing<TicketsDbContext>();
        builder.AddEventConsumer<TicketCreated, TimingConsumer>();
        return builder.Build();
    }

    private static async Task<Result> Measure(WebApplication app, int count, int perSecond)
    {
        var started = Stopwatch.GetTimestamp();
        await Publish(app, count, perSecond);
        var committedIn = Stopwatch.GetElapsedTime(started);
        await WaitHandled(count);
        var handledIn = Stopwatch.GetElapsedTime(started, Handled.Values.Max());
        var latencies = Handled.Select(h => Stopwatch.GetElapsedTime(Committed[h.Key], h.Value).TotalMilliseconds).Order().ToList();
        Reset();
        return new Result(count, count / committedIn.TotalSeconds, count / handledIn.TotalSeconds, latencies);
    }

    /// <summary>
    /// Commits <paramref name="count"/> events, each in its own transaction as a service would, at
    /// <paramref name="perSecond"/> (0: as fast as 8 concurrent writers go).
    /// </summary>
    private static async Task Publish(WebApplication app, int count, int perSecond)
    {
        var outbox = app.Services.GetRequiredService<EventOutbox>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, perSecond == 0 ? 8 : 1).Select(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                if (perSecond > 0 && TimeSpan.FromSeconds((double)index / perSecond) - clock.Elapsed is { Ticks: > 0 } ahead)
                    await Task.Delay(ahead);
                var id = Guid.CreateVersion7();
                outbox.Stage(db, new TicketCreated { TicketId = id.ToString(), AggregateVersion = 1, OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow) }, id.ToString());
                // The clock starts before the commit: the handler may run before SaveChangesAsync has returned here.
                Committed[id] = Stopwatch.GetTimestamp();
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        });
        await Task.WhenAll(writers);
    }

    private static async Task WaitHandled(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (Handled.Count < count)
            await Task.Delay(20, timeout.Token);
    }

    private static void Reset()
    {
        Committed.Clear();
        Handled.Clear();
    }

    private static async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task DeleteQueues()
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync($"{AppId}-ticket-created");
        await channel.QueueDeleteAsync($"dlq-{AppId}-ticket-created");
        await channel.ExchangeDeleteAsync($"dlx-{AppId}-ticket-created");
        // Other subscribers' queues got the benchmark's events too; they are not real tickets.
        await channel.QueuePurgeAsync("notification-worker-ticket-created");
    }

    private sealed record Result(int Count, double CommittedPerSecond, double HandledPerSecond, List<double> Latencies)
    {
        private double Percentile(double p) => Latencies[(int)Math.Ceiling(p * Latencies.Count) - 1];

        public string Row(string name) =>
            $"| {name} | {Count} | {CommittedPerSecond:0} | {HandledPerSecond:0} | {Percentile(0.50):0.0} | {Percentile(0.95):0.0} | {Percentile(0.99):0.0} | {Latencies[^1]:0.0} |";
    }

    /// <summary>Notes when each event reached its handler.</summary>
    private sealed class TimingConsumer : IEventConsumer<TicketCreated>
    {
        public Task<HandlerResult> HandleAsync(TicketCreated payload, EventContext context, CancellationToken cancellationToken)
        {
            Handled.TryAdd(Guid.Parse(payload.TicketId), Stopwatch.GetTimestamp());
            return Task.FromResult(HandlerResult.Success);
        }
    }
}
