using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketTracking.Eventing.Transport;
using TicketTracking.ServiceDefaults.Data;

namespace TicketTracking.Eventing.Outbox;

/// <summary>
/// Publishes committed outbox rows in commit order. One relay per database is active at a time: it holds a
/// PostgreSQL advisory lock on its own connection (released if the process dies), and other replicas wait as
/// standbys. It wakes when this process commits outbox rows (<see cref="OutboxSignal"/>) and when a standby replica
/// does (the standby passes its signal on with a NOTIFY outside any write transaction), so the happy path has no
/// polling delay; a failed publish is retried with exponential backoff, and later rows wait so that events about one
/// aggregate never overtake each other.
/// </summary>
internal sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> database,
    IEventTransport transport,
    OutboxSignal signal,
    TimeProvider clock,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private const long LeaseKey = 0x7474_6f75_7462_6f78; // "ttoutbox"
    private const int BatchSize = 200;
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StandbyWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KeepSent = TimeSpan.FromDays(7);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RelayWhileLeasedAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogRelayFailed(logger, error);
            }
            await Task.Delay(StandbyWait, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RelayWhileLeasedAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        while (!await TryLeaseAsync(connection, stoppingToken))
            await StandByAsync(connection, stoppingToken);
        LogLeaseTaken(logger);

        // NOTIFYs from standby replicas arrive on the lease connection, which nothing else uses now.
        connection.Notification += (_, _) => signal.Raise();
        await using (var listen = new NpgsqlCommand($"LISTEN {OutboxModel.NotifyChannel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var listener = ListenAsync(connection, listening);
        try
        {
            var nextPrune = clock.GetUtcNow();
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = await PublishDueAsync(stoppingToken);
                if (clock.GetUtcNow() >= nextPrune)
                {
                    await PruneAsync(stoppingToken);
                    nextPrune = clock.GetUtcNow() + PruneEvery;
                }
                try
                {
                    await signal.WaitAsync(wait, listening.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    await listener; // the lease connection failed: rethrows why, and the lease is gone with it
                }
            }
        }
        finally
        {
            // The listener must be off the connection before it is closed (which releases the lease).
            await listening.CancelAsync();
            await listener.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task<bool> TryLeaseAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var lease = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LeaseKey})", connection);
        return await lease.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// Until the next try for the lease, passes each local commit on to the active replica: a NOTIFY in a statement of
    /// its own, so no write transaction waits for it.
    /// </summary>
    private async Task StandByAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + StandbyWait;
        while (until - clock.GetUtcNow() is { Ticks: > 0 } left && await signal.WaitAsync(left, cancellationToken))
        {
            await using var notify = new NpgsqlCommand($"NOTIFY {OutboxModel.NotifyChannel}", connection);
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Reads notifications until stopped; a broken connection cancels <paramref name="listening"/> and rethrows.</summary>
    private static async Task ListenAsync(NpgsqlConnection connection, CancellationTokenSource listening)
    {
        try
        {
            while (true)
                await connection.WaitAsync(listening.Token);
        }
        catch (OperationCanceledException) when (listening.IsCancellationRequested)
        {
        }
        catch
        {
            await listening.CancelAsync();
            throw;
        }
    }

    /// <returns>How long to wait for a signal before looking again (until the next retry is due, or idle).</returns>
    private async Task<TimeSpan> PublishDueAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        while (true)
        {
            var pending = await db.Set<OutboxMessage>().Where(m => m.SentAt == null).OrderBy(m => m.Id)
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (pending.Count == 0)
                return IdleWait;

            foreach (var message in pending)
            {
                var now = clock.UtcNowForDatabase();
                if (message.NextAttemptAt > now)
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return message.NextAttemptAt - now;
                }
                try
                {
                    await transport.PublishAsync(message.Topic, message.Id, message.Envelope, cancellationToken);
                    message.SentAt = now;
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    message.Attempts++;
                    var backoff = Backoff(message.Attempts);
                    message.NextAttemptAt = now + backoff;
                    message.LastError = error.Message.Length > 2000 ? error.Message[..2000] : error.Message;
                    await db.SaveChangesAsync(cancellationToken);
                    LogPublishFailed(logger, error, message.Id, message.Topic, message.Attempts, backoff);
                    return backoff;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>0.5 s, 1 s, 2 s, … up to a minute between tries.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromMilliseconds(Math.Min(500 * Math.Pow(2, attempts - 1), 60_000));

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var cutoff = clock.GetUtcNow() - KeepSent;
        await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>()
            .Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay active (this replica holds the lease).")]
    private static partial void LogLeaseTaken(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay stopped; retrying.")]
    private static partial void LogRelayFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {EventId} to {Topic} failed (attempt {Attempts}); next try in {Backoff}.")]
    private static partial void LogPublishFailed(ILogger logger, Exception error, Guid eventId, string topic, int attempts, TimeSpan backoff);
}
