using TicketTracking.Benchmarks;
using TicketTracking.Benchmarks.CreatePath;

// tests/bench.sh runs each by name (`create` needs the whole stack running, which bench.sh starts; `events` and
// `search` need only PostgreSQL and RabbitMQ).
return args.FirstOrDefault() switch
{
    "create" => await CreatePathBenchmark.RunAsync(),
    "events" => await EventPathBenchmark.RunAsync(args.Skip(1).ToArray()),
    "search" => await Searched(),
    _ => Usage(),
};

static async Task<int> Searched()
{
    await TicketSearchBenchmark.RunAsync();
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: TicketTracking.Benchmarks create|events|search (tests/bench.sh sets up what each needs)");
    return 2;
}
