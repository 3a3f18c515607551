using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TicketTracking.ServiceDefaults.Hosting;

/// <summary>An ops command run on the app's binary instead of serving (<c>dotnet TicketTracking.Tickets.dll migrate</c>).</summary>
public interface IAppCommand
{
    string Name { get; }

    string Description { get; }

    /// <returns>The process exit code.</returns>
    Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken);
}

public static class AppCommandExtensions
{
    /// <summary>
    /// Runs the ops command named by the first argument, or serves when there is none. Configuration errors end the
    /// process with a message naming the setting (exit code 2), not with a stack trace.
    /// </summary>
    public static async Task<int> RunAppAsync(this WebApplication app, string[] args)
    {
        try
        {
            var name = args.FirstOrDefault(arg => !arg.StartsWith('-') && !arg.Contains('=', StringComparison.Ordinal));
            if (name is null)
            {
                // Validate before the host starts, so a bad setting ends here with one clear message instead of the
                // host's start-up failure log. Commands validate only what they use.
                app.Services.GetService<IStartupValidator>()?.Validate();
                await app.RunAsync();
                return 0;
            }

            var commands = app.Services.GetServices<IAppCommand>().ToList();
            var command = commands.FirstOrDefault(c => c.Name == name);
            if (command is null)
            {
                await Console.Error.WriteLineAsync($"Unknown command '{name}'. Commands: {string.Join(", ", commands.Select(c => $"{c.Name} ({c.Description})"))}.");
                return 64;
            }

            using var scope = app.Services.CreateScope();
            var rest = args.SkipWhile(arg => arg != name).Skip(1).ToList();
            return await command.RunAsync(scope.ServiceProvider, rest, app.Lifetime.ApplicationStopping);
        }
        catch (Exception error) when (ConfigurationFailures(error) is { Count: > 0 } failures)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {string.Join(" ", failures)}");
            return 2;
        }
    }

    private static List<string> ConfigurationFailures(Exception error) => error switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(ConfigurationFailures)],
        _ => [],
    };
}
