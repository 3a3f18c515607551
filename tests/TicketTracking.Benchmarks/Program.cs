using TicketTracking.Benchmarks;

// `make bench` runs both; a name runs one (`events` or `search`).
var which = args.FirstOrDefault() ?? "all";
if (which is "all" or "search")
    await TicketSearchBenchmark.RunAsync();
return which is "all" or "events" ? await EventPathBenchmark.RunAsync(args.Skip(1).ToArray()) : 0;
