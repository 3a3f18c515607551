using System.Diagnostics;
using TicketTracking.Testing;

namespace TicketTracking.SystemTests;

/// <summary>Runs the repository's own scripts against the stack under test, as an operator would.</summary>
public static class Scripts
{
    private static string Profile => StackUnderTest.IsTestProfile ? "test" : "run";

    public static async Task<string> Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestEnvironment.RepositoryRoot };
        start.ArgumentList.Add(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "local", script));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["TT_PROFILE"] = Profile;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, $"{script} {string.Join(' ', args)}: {await error}");
        return await output;
    }

    /// <summary>The pid of one of the stack's apps, from the pidfile the scripts keep.</summary>
    public static int AppPid(string app) =>
        int.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, ".state", Profile, "pids", $"{app}.pid")).Trim(), null);
}
