using System.Globalization;

namespace TicketTracking.Benchmarks.CreatePath;

/// <summary>
/// Ticket create through the front door (ARCHITECTURE.md §11): POST /api/v1/tickets through nginx → BFF → Tickets →
/// PostgreSQL (ticket, history and outbox row in one transaction), signed in as requesters, with the whole stack
/// running — the event path's follow-up work (relay → RabbitMQ → NotificationWorker → Notifications) on the same
/// cores. Prints throughput and latency with 4 connections and at a fixed 200/s, raw PostgreSQL's rate for the same
/// rows in the same run, and every process's PSS idle, under load and after. tests/bench.sh starts the stack for it.
/// </summary>
public static class CreatePathBenchmark
{
    public const string ItDepartment = "0193a5c0-0000-7000-8000-000000000001";
    internal static readonly string[] Tags = ["printer", "floor-3"];

    private const int Connections = 4;
    private const int FixedRate = 200;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync()
    {
        var frontDoor = new Uri(Required("TT_BENCH_FRONT_DOOR"));
        var stack = StackProcesses.FromFile(Required("TT_BENCH_PIDS"));
        var idle = stack.Pss();

        var users = await BenchUsers.CreateAsync(Connections, frontDoor, new Uri(Required("TT_BENCH_AUTH_GRPC")), Required("TT_TEST_TOOLING_SECRET"));
        await LoadRuns.ClosedLoopAsync(frontDoor, users, Connections, WarmUp); // JIT, connection pools, PostgreSQL caches

        LoadResult closed, fixedRate;
        Dictionary<string, double> underLoad, cpuBefore, cpuAfter;
        double totalUnderLoad;
        await using (var peak = new PeakMemory(stack))
        {
            cpuBefore = stack.CpuSeconds();
            closed = await LoadRuns.ClosedLoopAsync(frontDoor, users, Connections, Run);
            cpuAfter = stack.CpuSeconds();
            fixedRate = await LoadRuns.FixedRateAsync(frontDoor, users, FixedRate, Run);
            await Task.Delay(Settle); // the event path catches up on the same cores
            underLoad = peak.Peak;
            totalUnderLoad = peak.TotalPeak;
        }
        var after = stack.Pss();
        var raw = await RawPostgresRate.TransactionsPerSecondAsync(Connections, Run);

        Console.WriteLine($"Create path: POST /api/v1/tickets through nginx -> BFF -> Tickets -> PostgreSQL, event path running; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine("| run | requests | per second | p50 ms | p95 ms | p99 ms | max ms | failures |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine(Row($"{Connections} connections, back to back", closed));
        Console.WriteLine(Row($"fixed {FixedRate}/s (latency from the scheduled send)", fixedRate));
        Console.WriteLine();
        Console.WriteLine($"Raw PostgreSQL, the same three rows in one transaction, {Connections} clients: {raw:0} tx/s; the create path reaches {closed.PerSecond / raw:P1} of it.");
        Console.WriteLine();
        // CPU per create says where the time goes: the cores are shared, so it adds up across the stack.
        double CpuMs(string name) => (cpuAfter[name] - cpuBefore[name]) * 1000 / closed.Requests;
        Console.WriteLine($"| process | PSS MB idle | under load (peak) | after | CPU ms per create ({Connections} connections) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var name in stack.Names)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {idle[name]:0.0} | {underLoad.GetValueOrDefault(name):0.0} | {after[name]:0.0} | {CpuMs(name):0.00} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| whole stack | {idle.Values.Sum():0.0} | {totalUnderLoad:0.0} | {after.Values.Sum():0.0} | {stack.Names.Sum(CpuMs):0.00} |"));
        var failed = closed.Failures.Count + fixedRate.Failures.Count > 0;
        return failed ? 1 : 0;
    }

    private static string Row(string name, LoadResult r) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {r.Requests} | {r.PerSecond:0} | {r.P50:0.0} | {r.P95:0.0} | {r.P99:0.0} | {r.Max:0.0} | {r.FailureText} |");

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set: run through make bench.");
}
