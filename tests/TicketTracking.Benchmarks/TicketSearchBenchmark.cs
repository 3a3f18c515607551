using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
    private const int PageSize = 25;

    private static readonly string[] Words =
    [
        "printer", "laptop", "monitor", "keyboard", "mouse", "vpn", "email", "password", "network", "wifi", "server", "backup",
        "license", "software", "install", "update", "crash", "slow", "broken", "access", "account", "phone", "headset", "projector",
        "invoice", "budget", "purchase", "order", "approval", "asset", "return", "loan", "desk", "chair", "badge", "door", "camera",
        "scanner", "toner", "paper", "cable", "adapter", "charger", "battery", "screen", "driver", "database", "report", "excel", "teams",
    ];

    /// <summary>
    /// Set <c>TT_BENCH_SEARCH_DATABASE</c> to a database name to keep the loaded tickets between runs while iterating on a
    /// query or index: the database is created and loaded when it has no tickets, migrated to the newest schema on every
    /// run (so a new index is built over the million rows and its build time printed), and never dropped.
    /// </summary>
    public static async Task RunAsync()
    {
        var kept = Environment.GetEnvironmentVariable("TT_BENCH_SEARCH_DATABASE");
        var database = string.IsNullOrEmpty(kept) ? $"bench_search_{Guid.NewGuid():N}"[..28] : kept;
        var connection = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = database, CommandTimeout = 1800 }.ConnectionString;
        if (string.IsNullOrEmpty(kept) || !await Exists(database))
            await Admin($"CREATE DATABASE \"{database}\"");
        try
        {
            var options = new DbContextOptionsBuilder<TicketsDbContext>().UseNpgsql(connection).UseSnakeCaseNamingConvention().Options;
            var migrating = Stopwatch.StartNew();
            await using (var db = new TicketsDbContext(options))
            {
                var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
                await db.Database.MigrateAsync();
                if (pending.Count > 0)
                    Console.WriteLine($"Ticket search: migrations {string.Join(", ", pending)} applied in {migrating.Elapsed.TotalSeconds:0.0} s");
            }
            await using (var db = new TicketsDbContext(options))
            {
                if (!await db.Tickets.AnyAsync())
                {
                    var loading = Stopwatch.StartNew();
                    await Load(connection);
                    Console.WriteLine($"Ticket search: {Tickets:N0} tickets loaded in {loading.Elapsed.TotalSeconds:0} s, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
                }
            }

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
            var log = new CommandLog();
            var logged = new DbContextOptionsBuilder<TicketsDbContext>().UseNpgsql(connection).UseSnakeCaseNamingConvention().AddInterceptors(log).Options;
            await using var context = new TicketsDbContext(logged);
            IQueryable<Ticket> Matching(TicketCriteria criteria, Caller caller) => context.Tickets.AsNoTracking().Matching(criteria, caller);

            // What ListTickets runs for a first page: one query, or for best match first the window's newest match and the ranked window.
            async Task<(int Rows, PageKey? Next)> List(TicketCriteria criteria, TicketListSort sort, Caller caller, PageKey? after = null)
            {
                if (sort == TicketListSort.Relevance)
                {
                    var ranked = await Matching(criteria, caller).RelevancePageAsync(criteria.Text, after, PageSize, TicketQuery.DefaultRelevanceWindow, default);
                    return (ranked.Rows.Count, ranked.Next);
                }
                return ((await Matching(criteria, caller).Page(sort, after, PageSize).ToListAsync()).Count, null);
            }

            // Later relevance pages: the second, and the first one of the second window; their tokens are fetched first, untimed.
            var pageTwo = new Dictionary<int, PageKey?>();
            var windowTwo = new Dictionary<int, PageKey?>();
            foreach (var (name, criteria, sort, caller) in queries)
            {
                await Time(name, i => List(criteria(i), sort, caller(i)));
                plans.Add($"-- {name}\n{await Explain(log, connection, () => List(criteria(1), sort, caller(1)))}");
            }
            var oneWord = queries[0];
            for (var word = 0; word < Words.Length; word++)
            {
                pageTwo[word] = (await List(oneWord.Criteria(word), oneWord.Sort, oneWord.Caller(word))).Next;
                windowTwo[word] = await LastPageOfWindow(oneWord.Criteria(word), oneWord.Caller(word));
            }
            await Time("free text, best match first, page 2", i => List(oneWord.Criteria(i), oneWord.Sort, oneWord.Caller(i), pageTwo[i % Words.Length]));
            await Time("free text, best match first, next window", i => List(oneWord.Criteria(i), oneWord.Sort, oneWord.Caller(i), windowTwo[i % Words.Length]));
            plans.Add($"-- free text, best match first, next window\n{await Explain(log, connection, () => List(oneWord.Criteria(1), oneWord.Sort, oneWord.Caller(1), windowTwo[1]))}");

            // The token of a window's last page: the next request finds the window spent and ranks the next one.
            async Task<PageKey?> LastPageOfWindow(TicketCriteria criteria, Caller caller)
            {
                var (_, next) = await List(criteria, TicketListSort.Relevance, caller);
                for (var page = 2; page <= TicketQuery.DefaultRelevanceWindow / PageSize; page++)
                    (_, next) = await List(criteria, TicketListSort.Relevance, caller, next);
                return next;
            }

            IQueryable<Ticket> OpenOfDepartment(int i) =>
                Matching(new TicketCriteria { DepartmentIds = [Department(i)], Statuses = [TicketStatus.New, TicketStatus.Open] }, everyone);
            await Time("count: open tickets of a department", async i =>
            {
                await OpenOfDepartment(i).LongCountAsync();
                return (1, null);
            }, runs: 20);
            plans.Add($"-- count: open tickets of a department\n{await Explain(log, connection, () => OpenOfDepartment(1).LongCountAsync())}");
            Console.WriteLine();
            Console.WriteLine("Plans (EXPLAIN ANALYZE of each statement a request runs, first request of each kind):");
            foreach (var plan in plans)
                Console.WriteLine(plan);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (string.IsNullOrEmpty(kept))
                await Admin($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    private static async Task Time(string name, Func<int, Task<(int Rows, PageKey? Next)>> run, int runs = Runs)
    {
        for (var i = 0; i < 5; i++)
            await run(i);
        var times = new List<double>();
        var rows = 0;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            rows = (await run(i)).Rows;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"| {name} | {At(times, 0.50):0.0} | {At(times, 0.95):0.0} | {At(times, 0.99):0.0} | {rows} |");
    }

    private static readonly Guid[] Departments = [BuiltInCategories.ItDepartment, BuiltInCategories.AssetDepartment, BuiltInCategories.BudgetDepartment];

    private static Guid Department(int i) => Departments[i % Departments.Length];

    private static Caller Staff() => new(Guid.NewGuid(), IsServiceAccount: false, "bench", "", "Bench staff", null,
        new HashSet<string>(), new HashSet<string> { TicketPermissions.ReadAll }, "");

    private static Caller Requester(List<Guid> requesters, int i) => new(requesters[i % requesters.Count], IsServiceAccount: false, "bench", "", "Bench requester", null,
        new HashSet<string>(), new HashSet<string> { TicketPermissions.ReadOwn }, "");

    private static double At(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    /// <summary>Generates the tickets in PostgreSQL itself (the search trigger fills each one's tsvector), then vacuums and analyzes.</summary>
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
            """;
        await using var command = new NpgsqlCommand(sql, data) { CommandTimeout = 1800 };
        await command.ExecuteNonQueryAsync();
        // As autovacuum leaves a table in steady state: statistics, and the visibility map that index-only scans need.
        // A vacuum right after the load may leave every page unmarked (here it did, while other work held back the
        // horizon); the next one marks them, so vacuum until the map covers the table.
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) tickets", data) { CommandTimeout = 1800 };
        await using var visible = new NpgsqlCommand("SELECT relallvisible::float8 / greatest(relpages, 1) FROM pg_class WHERE relname = 'tickets'", data);
        for (var attempt = 1; ; attempt++)
        {
            await vacuum.ExecuteNonQueryAsync();
            var share = (double)(await visible.ExecuteScalarAsync())!;
            if (share >= 0.99 || attempt == 10)
            {
                Console.WriteLine($"Ticket search: vacuumed {attempt} time(s), {share:P0} of the pages all-visible");
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The plans PostgreSQL runs for the statements one request sends, with their real parameters (EXPLAIN ANALYZE).</summary>
    private static async Task<string> Explain(CommandLog log, string connection, Func<Task> request)
    {
        var statements = await log.Record(request);
        var plan = new List<string>();
        foreach (var (sql, parameters) in statements)
        {
            await using var data = new NpgsqlConnection(connection);
            await data.OpenAsync();
            await using var command = new NpgsqlCommand($"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", data);
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(0));
        }
        return string.Join('\n', plan);
    }

    /// <summary>Records the statements EF Core sends while <see cref="Record"/> runs a request.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        private List<(string Sql, NpgsqlParameter[] Parameters)>? _recording;

        public async Task<List<(string Sql, NpgsqlParameter[] Parameters)>> Record(Func<Task> request)
        {
            _recording = [];
            try
            {
                await request();
                return _recording;
            }
            finally
            {
                _recording = null;
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _recording?.Add((command.CommandText,
                [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private static async Task<bool> Exists(string database)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT FROM pg_database WHERE datname = @name)", connection);
        command.Parameters.AddWithValue("name", database);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
