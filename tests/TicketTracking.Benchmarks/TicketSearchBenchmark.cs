using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.Testing;
using TicketTracking.Tickets.Data;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Benchmarks;

/// <summary>
/// Ticket lists at a million tickets (ARCHITECTURE.md §11): loads 1,000,000 generated tickets (20,000 requesters,
/// three departments, two years, words from a service-desk vocabulary) into a fresh ticket_db, then times the
/// queries the lists use — the very SQL ListTickets runs (TicketQuery) — and prints each one's plan.
/// </summary>
public static class TicketSearchBenchmark
{
    private const int Tickets = 1_000_000;
    private const int Runs = 100;

    private static readonly string[] Words =
    [
        "printer", "laptop", "monitor", "keyboard", "mouse", "vpn", "email", "password", "network", "wifi", "server", "backup",
        "license", "software", "install", "update", "crash", "slow", "broken", "access", "account", "phone", "headset", "projector",
        "invoice", "budget", "purchase", "order", "approval", "asset", "return", "loan", "desk", "chair", "badge", "door", "camera",
        "scanner", "toner", "paper", "cable", "adapter", "charger", "battery", "screen", "driver", "database", "report", "excel", "teams",
    ];

    public static async Task RunAsync()
    {
        var database = $"bench_search_{Guid.NewGuid():N}"[..28];
        var connection = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = database, CommandTimeout = 600 }.ConnectionString;
        await Admin($"CREATE DATABASE \"{database}\"");
        try
        {
            var options = new DbContextOptionsBuilder<TicketsDbContext>().UseNpgsql(connection).UseSnakeCaseNamingConvention().Options;
            await using (var db = new TicketsDbContext(options))
                await db.Database.MigrateAsync();
            var loading = Stopwatch.StartNew();
            await Load(connection);
            Console.WriteLine($"Ticket search: {Tickets:N0} tickets loaded in {loading.Elapsed.TotalSeconds:0} s, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

            var everyone = Staff();
            List<Guid> requesters;
            await using (var db = new TicketsDbContext(options))
                requesters = await db.Tickets.Select(t => t.RequesterId).Distinct().Take(200).ToListAsync();
            var queries = new (string Name, Func<int, TicketCriteria> Criteria, TicketListSort Sort, Func<int, Caller> Caller)[]
            {
                ("free text, best match first", i => new TicketCriteria { Text = Words[i % Words.Length] }, TicketListSort.Relevance, _ => everyone),
                ("free text, newest first", i => new TicketCriteria { Text = Words[i % Words.Length] }, TicketListSort.CreatedDesc, _ => everyone),
                ("two words, best match first", i => new TicketCriteria { Text = $"{Words[i % Words.Length]} {Words[(i * 7 + 3) % Words.Length]}" }, TicketListSort.Relevance, _ => everyone),
                ("filters: status, priority, department", i => new TicketCriteria
                {
                    Statuses = [TicketStatus.New, TicketStatus.Open],
                    Priorities = [TicketPriority.High, TicketPriority.Critical],
                    DepartmentIds = [Department(i)],
                }, TicketListSort.CreatedDesc, _ => everyone),
                ("my tickets (requester)", _ => new TicketCriteria(), TicketListSort.CreatedDesc, i => Requester(requesters, i)),
                ("everything, last updated first", _ => new TicketCriteria(), TicketListSort.UpdatedDesc, _ => everyone),
            };

            Console.WriteLine("| query | p50 ms | p95 ms | p99 ms | rows |");
            Console.WriteLine("|---|---|---|---|---|");
            var plans = new List<string>();
            await using var context = new TicketsDbContext(options);
            foreach (var (name, criteria, sort, caller) in queries)
            {
                IQueryable<Ticket> Query(int i) => context.Tickets.AsNoTracking().Matching(criteria(i), caller(i)).Page(sort, criteria(i).Text, after: null, pageSize: 25);
                for (var i = 0; i < 5; i++)
                    await Query(i).ToListAsync();
                var times = new List<double>();
                var rows = 0;
                for (var i = 0; i < Runs; i++)
                {
                    var watch = Stopwatch.StartNew();
                    rows = (await Query(i).ToListAsync()).Count;
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"| {name} | {At(times, 0.50):0.0} | {At(times, 0.95):0.0} | {At(times, 0.99):0.0} | {rows} |");
                plans.Add($"-- {name}\n{await Explain(Query(1))}");
            }

            var counting = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var watch = Stopwatch.StartNew();
                await context.Tickets.AsNoTracking().Matching(new TicketCriteria { DepartmentIds = [Department(i)], Statuses = [TicketStatus.New, TicketStatus.Open] }, everyone).LongCountAsync();
                counting.Add(watch.Elapsed.TotalMilliseconds);
            }
            counting.Sort();
            Console.WriteLine($"| count: open tickets of a department | {At(counting, 0.50):0.0} | {At(counting, 0.95):0.0} | {At(counting, 0.99):0.0} | 1 |");
            Console.WriteLine();
            Console.WriteLine("Plans (EXPLAIN, first query of each kind):");
            foreach (var plan in plans)
                Console.WriteLine(plan);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Admin($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    private static readonly Guid[] Departments = [BuiltInCategories.ItDepartment, BuiltInCategories.AssetDepartment, BuiltInCategories.BudgetDepartment];

    private static Guid Department(int i) => Departments[i % Departments.Length];

    private static Caller Staff() => new(Guid.NewGuid(), IsServiceAccount: false, "bench", "", "Bench staff", null,
        new HashSet<string>(), new HashSet<string> { TicketPermissions.ReadAll }, "");

    private static Caller Requester(List<Guid> requesters, int i) => new(requesters[i % requesters.Count], IsServiceAccount: false, "bench", "", "Bench requester", null,
        new HashSet<string>(), new HashSet<string> { TicketPermissions.ReadOwn }, "");

    private static double At(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    /// <summary>Generates the tickets in PostgreSQL itself (the search trigger fills each one's tsvector), then analyzes.</summary>
    private static async Task Load(string connection)
    {
        var words = string.Join(",", Words.Select(w => $"'{w}'"));
        var departments = string.Join(",", Departments.Select(d => $"'{d}'::uuid"));
        await using var data = new NpgsqlConnection(connection);
        await data.OpenAsync();
        var sql = $"""
            WITH w AS (SELECT ARRAY[{words}] AS words, ARRAY[{departments}] AS departments)
            INSERT INTO tickets (id, subject, description, requester_id, department_id, priority, status, tags, created_at, updated_at,
                                 revision, current_step_id, current_step_name, participant_ids, work_state_version)
            SELECT gen_random_uuid(),
                   initcap(words[1 + (hashint4(i) & 2147483647) % 50]) || ' ' || words[1 + (hashint4(i * 3) & 2147483647) % 50] || ' ' || words[1 + (hashint4(i * 5) & 2147483647) % 50],
                   'The ' || words[1 + (hashint4(i * 7) & 2147483647) % 50] || ' near the ' || words[1 + (hashint4(i * 11) & 2147483647) % 50]
                       || ' stopped working after the ' || words[1 + (hashint4(i * 13) & 2147483647) % 50] || ' change; please check the '
                       || words[1 + (hashint4(i * 17) & 2147483647) % 50] || ' and the ' || words[1 + (hashint4(i * 19) & 2147483647) % 50] || '.',
                   uuid(md5('requester-' || (i % 20000))),
                   departments[1 + i % 3],
                   (ARRAY['Low','Medium','Medium','High','Critical'])[1 + (hashint4(i * 23) & 2147483647) % 5],
                   (ARRAY['New','Open','InProgress','OnHold','Pending','Resolved','Closed','Closed','Closed','Rejected'])[1 + (hashint4(i * 29) & 2147483647) % 10],
                   ARRAY[words[1 + (hashint4(i * 31) & 2147483647) % 50]],
                   now() - make_interval(mins => (i * 1.05)::int),
                   now() - make_interval(mins => (i * 1.05)::int) + make_interval(mins => (hashint4(i * 37) & 2147483647) % 10000),
                   1, '', '', ARRAY[]::uuid[], 0
            FROM w, generate_series(1, {Tickets}) AS i;
            ANALYZE tickets;
            """;
        await using var command = new NpgsqlCommand(sql, data) { CommandTimeout = 1800 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The plan PostgreSQL runs for the query, with its real parameters (EXPLAIN ANALYZE).</summary>
    private static async Task<string> Explain(IQueryable<Ticket> query)
    {
        await using var command = query.CreateDbCommand();
        command.CommandText = $"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {command.CommandText}";
        if (command.Connection!.State != System.Data.ConnectionState.Open)
            await command.Connection.OpenAsync();
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
            plan.Add(reader.GetString(0));
        return string.Join('\n', plan);
    }

    private static async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
