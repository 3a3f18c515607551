using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TicketTracking.Testing;
using TicketTracking.Tickets.Data;

namespace TicketTracking.Benchmarks.CreatePath;

/// <summary>
/// What PostgreSQL alone does with the rows one ticket create writes — the ticket (its search trigger, every index),
/// its history entry and its outbox row, in one transaction — from <c>clients</c> connections as fast as they go, in
/// a scratch database with Tickets' real schema on the same server: the ceiling the create path is measured against.
/// </summary>
internal static class RawPostgresRate
{
    private const string InsertTicket = """
        INSERT INTO tickets (id, subject, description, requester_id, department_id, priority, status, tags, created_at, updated_at, participant_ids, current_step_id, current_step_name, work_state_version)
        VALUES ($1, $2, $3, $4, $5, 'Medium', 'New', $6, $7, $7, '{}', '', '', 0)
        """;

    private const string InsertHistory = """
        INSERT INTO ticket_history (id, ticket_id, kind, field, old_value, new_value, note, actor_id, at, internal)
        VALUES ($1, $2, 'Created', '', '', 'New', '', $3, $4, false)
        """;

    private const string InsertOutbox = """
        INSERT INTO outbox_messages (id, topic, aggregate_id, envelope, created_at, attempts, next_attempt_at)
        VALUES ($1, 'ticket-created', $2, $3, $4, 0, $4)
        """;

    public static async Task<double> TransactionsPerSecondAsync(int clients, TimeSpan duration)
    {
        var database = $"bench_raw_{Guid.NewGuid():N}"[..28];
        var connection = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = database }.ConnectionString;
        await Admin($"CREATE DATABASE \"{database}\"");
        try
        {
            await using (var db = new TicketsDbContext(new DbContextOptionsBuilder<TicketsDbContext>().UseNpgsql(connection).UseSnakeCaseNamingConvention().Options))
                await db.Database.MigrateAsync();
            var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var started = Stopwatch.GetTimestamp();
            var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => InsertUntilAsync(connection, end)));
            return counts.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Admin($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    private static async Task<int> InsertUntilAsync(string connectionString, long end)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var requester = Guid.CreateVersion7();
        var envelope = new byte[900]; // about the size of a TicketCreated CloudEvent
        var done = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            var ticket = Guid.CreateVersion7();
            var now = DateTime.UtcNow;
            await using var transaction = await connection.BeginTransactionAsync();
            // One round trip for the three rows, as EF Core batches them.
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Command(InsertTicket, ticket, $"Printer jams on the third floor ({done})",
                        "The printer by the kitchen jams on every second page since this morning; the toner was replaced last week.",
                        requester, Guid.Parse(CreatePathBenchmark.ItDepartment), CreatePathBenchmark.Tags, now),
                    Command(InsertHistory, Guid.CreateVersion7(), ticket, requester, now),
                    Command(InsertOutbox, Guid.CreateVersion7(), ticket.ToString(), envelope, now),
                },
            };
            await batch.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            done++;
        }
        return done;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value is DateTime ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.TimestampTz } : new NpgsqlParameter { Value = value });
        return command;
    }

    private static async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
