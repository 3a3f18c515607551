using System.Diagnostics;
using System.Net.Http.Json;

namespace TicketTracking.Benchmarks.CreatePath;

/// <summary>The two ways the create path is loaded: as fast as N connections go, and on a fixed schedule.</summary>
internal static class LoadRuns
{
    /// <summary>
    /// Each of <paramref name="connections"/> connections (one user each, round robin) files tickets back to back for
    /// <paramref name="duration"/>; latency is each request's own round trip.
    /// </summary>
    public static async Task<LoadResult> ClosedLoopAsync(Uri frontDoor, IReadOnlyList<BenchUser> users, int connections, TimeSpan duration)
    {
        var clients = Enumerable.Range(0, connections).Select(i => Client(frontDoor, users[i % users.Count], 1)).ToList();
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perConnection = await Task.WhenAll(clients.Select(async (client, c) =>
        {
            var latencies = new List<double>();
            var failures = new Dictionary<int, int>();
            var user = users[c % users.Count];
            for (var i = 0; Stopwatch.GetTimestamp() < end; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                var status = await FileTicketAsync(client, user, $"closed {c}-{i}");
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (status != 200)
                    failures[status] = failures.GetValueOrDefault(status) + 1;
            }
            return (latencies, failures);
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);
        foreach (var client in clients)
            client.Dispose();
        return LoadResult.From(perConnection.SelectMany(p => p.latencies), perConnection.SelectMany(p => p.failures), elapsed);
    }

    /// <summary>
    /// Sends request i at start + i / <paramref name="perSecond"/>, whether or not earlier ones have answered (over as
    /// many connections as that takes), and counts each latency from that scheduled time, so a stall shows up as the
    /// queueing it causes instead of hiding in a slower send rate.
    /// </summary>
    public static async Task<LoadResult> FixedRateAsync(Uri frontDoor, IReadOnlyList<BenchUser> users, int perSecond, TimeSpan duration)
    {
        var clients = users.Select(user => Client(frontDoor, user, 64)).ToList();
        var count = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[count];
        var statuses = new int[count];
        var inFlight = new List<Task>(count);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = started + (long)((double)i / perSecond * Stopwatch.Frequency);
            await WaitUntilAsync(due);
            var index = i;
            var user = index % users.Count;
            inFlight.Add(Task.Run(async () =>
            {
                statuses[index] = await FileTicketAsync(clients[user], users[user], $"rate {index}");
                latencies[index] = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
            }));
        }
        await Task.WhenAll(inFlight);
        var elapsed = Stopwatch.GetElapsedTime(started);
        foreach (var client in clients)
            client.Dispose();
        var failures = statuses.Where(s => s != 200).GroupBy(s => s).Select(g => KeyValuePair.Create(g.Key, g.Count()));
        return LoadResult.From(latencies, failures, elapsed);
    }

    // Task.Delay wakes up to a millisecond late; the last stretch spins so sends keep to the schedule.
    private static async Task WaitUntilAsync(long due)
    {
        var ahead = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
        if (ahead > 2)
            await Task.Delay(TimeSpan.FromMilliseconds(ahead - 1.5));
        while (Stopwatch.GetTimestamp() < due)
            Thread.SpinWait(50);
    }

    private static HttpClient Client(Uri frontDoor, BenchUser user, int connections) =>
        new(new SocketsHttpHandler { CookieContainer = user.Cookies, MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = frontDoor,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <returns>The HTTP status (0 when no answer came).</returns>
    private static async Task<int> FileTicketAsync(HttpClient client, BenchUser user, string subject)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/tickets", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                subject = $"Printer jams on the third floor ({subject})",
                description = "The printer by the kitchen jams on every second page since this morning; the toner was replaced last week.",
                departmentId = CreatePathBenchmark.ItDepartment,
                priority = "PRIORITY_MEDIUM",
                tags = CreatePathBenchmark.Tags,
            }),
        };
        request.Headers.Add("X-CSRF-Token", user.CsrfToken);
        try
        {
            using var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }
}

internal sealed record LoadResult(int Requests, double PerSecond, double P50, double P95, double P99, double Max, IReadOnlyDictionary<int, int> Failures)
{
    public static LoadResult From(IEnumerable<double> latencies, IEnumerable<KeyValuePair<int, int>> failures, TimeSpan elapsed)
    {
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        var byStatus = failures.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Sum(f => f.Value));
        return new LoadResult(sorted.Length, sorted.Length / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.95), Percentile(0.99), sorted[^1], byStatus);
    }

    public string FailureText => Failures.Count == 0 ? "none" : string.Join(", ", Failures.Select(f => $"{f.Value} x {(f.Key == 0 ? "no answer" : f.Key)}"));
}
