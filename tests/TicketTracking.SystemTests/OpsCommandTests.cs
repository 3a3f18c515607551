using System.Diagnostics;

namespace TicketTracking.SystemTests;

/// <summary>The service binaries as ops run them: configuration errors and the migrate command.</summary>
public sealed class OpsCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunApp(string project, IDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(StackUnderTest.AppDll(project));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task A_missing_database_setting_stops_the_service_with_a_message_naming_the_key()
    {
        var (exitCode, _, error) = await RunApp("TicketTracking.Tickets", new Dictionary<string, string?>
        {
            ["Hosting__BindAddress"] = "127.0.0.1",
            ["Hosting__GrpcPort"] = "0",
            ["Hosting__HttpPort"] = "1",
            ["EventBus__Transport"] = "rabbitmq",
            ["RabbitMq__ConnectionString"] = "amqp://guest:guest@127.0.0.1:1/",
        });

        exitCode.ShouldBe(2);
        error.ShouldContain("ConnectionStrings:Database");
        error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task A_bad_transport_setting_is_named()
    {
        var (exitCode, _, error) = await RunApp("TicketTracking.NotificationWorker", new Dictionary<string, string?>
        {
            ["Hosting__GrpcPort"] = "0",
            ["Hosting__HttpPort"] = "1",
            ["EventBus__Transport"] = "kafka",
            ["Services__Notifications"] = "http://127.0.0.1:1",
        });

        exitCode.ShouldBe(2);
        error.ShouldContain("EventBus:Transport");
    }

    [Fact]
    public async Task Migrate_reports_an_up_to_date_database_of_the_running_stack()
    {
        var connection = Environment.GetEnvironmentVariable("TT_TEST_POSTGRES")
            ?? throw new InvalidOperationException("TT_TEST_POSTGRES is not set; run through `make test`.");

        var (exitCode, output, error) = await RunApp("TicketTracking.Workflow", new Dictionary<string, string?>
        {
            ["ConnectionStrings__Database"] = $"{connection};Database=workflow_db",
        }, "migrate");

        exitCode.ShouldBe(0, error);
        output.ShouldContain("WorkflowDbContext: database is up to date.");
    }
}
