using TicketTracking.Benchmarks;

return await EventPathBenchmark.RunAsync(args);
