namespace TicketTracking.Benchmarks.CreatePath;

/// <summary>
/// The stack's processes, each with its children (PostgreSQL's backends, nginx's workers, RabbitMQ's helpers), as
/// listed by the file <c>apps.sh pids</c> writes: their proportional set size (ARCHITECTURE.md §11:
/// <c>/proc/PID/smaps_rollup</c>, which shares each shared page out among the processes mapping it, so the figures
/// add up) and the CPU time they have used.
/// </summary>
internal sealed class StackProcesses(IReadOnlyList<(string Name, int Pid)> processes)
{
    private static readonly double ClockTicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    public IReadOnlyList<string> Names { get; } = processes.Select(p => p.Name).ToList();

    public static StackProcesses FromFile(string path) =>
        new(File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(f => (f[0], int.Parse(f[1], null))).ToList());

    /// <summary>PSS in MB per process name, now.</summary>
    public Dictionary<string, double> Pss()
    {
        var children = ChildrenByParent();
        return processes.ToDictionary(p => p.Name, p => Tree(p.Pid, children).Sum(PssKb) / 1024.0);
    }

    /// <summary>CPU seconds (user + system) used so far per process name, children included.</summary>
    public Dictionary<string, double> CpuSeconds()
    {
        var children = ChildrenByParent();
        return processes.ToDictionary(p => p.Name, p => Tree(p.Pid, children).Sum(CpuTicks) / ClockTicksPerSecond);
    }

    private static IEnumerable<int> Tree(int root, ILookup<int, int> children)
    {
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            yield return pid;
            foreach (var child in children[pid])
                queue.Enqueue(child);
        }
    }

    private static ILookup<int, int> ChildrenByParent() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Select(pid => (pid, parent: Parent(pid)))
            .Where(p => p.parent > 0)
            .ToLookup(p => p.parent, p => p.pid);

    private static int Parent(int pid) => Stat(pid) is { } fields ? int.Parse(fields[1], null) : 0;

    // utime + stime, and cutime + cstime: the CPU of children that ended (PostgreSQL backends that closed).
    private static long CpuTicks(int pid) => Stat(pid) is { } fields ? fields[11..15].Sum(f => long.Parse(f, null)) : 0;

    // /proc/PID/stat: "pid (comm) state ppid ...", where comm may hold spaces and parentheses; fields after it, from state on.
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // the process ended
        }
    }

    private static long PssKb(int pid)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/smaps_rollup").Where(l => l.StartsWith("Pss:", StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], null)).FirstOrDefault();
        }
        catch (IOException)
        {
            return 0; // the process ended (a PostgreSQL backend closing)
        }
    }
}

/// <summary>The largest sample of each process while a load runs (sampled every second).</summary>
internal sealed class PeakMemory : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public PeakMemory(StackProcesses stack)
    {
        _sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            do
            {
                var sample = stack.Pss();
                foreach (var (name, mb) in sample)
                    Peak[name] = Math.Max(Peak.GetValueOrDefault(name), mb);
                // The whole stack at one moment, not the sum of each process's own peak.
                TotalPeak = Math.Max(TotalPeak, sample.Values.Sum());
            }
            while (await TickAsync(timer));
        });
    }

    private async Task<bool> TickAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public Dictionary<string, double> Peak { get; } = [];

    public double TotalPeak { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
