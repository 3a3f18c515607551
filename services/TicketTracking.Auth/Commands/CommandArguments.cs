namespace TicketTracking.Auth.Commands;

/// <summary>The <c>--name value</c> and <c>--flag</c> arguments of an ops command.</summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public CommandArguments(IReadOnlyList<string> args, params string[] flags)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"Unexpected argument '{args[i]}'.");
            var name = args[i][2..];
            var value = flags.Contains(name) ? "true"
                : i + 1 < args.Count ? args[++i]
                : throw new UsageException($"--{name} needs a value.");
            (_values.TryGetValue(name, out var list) ? list : _values[name] = []).Add(value);
        }
    }

    public string? Optional(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    public string Required(string name) => Optional(name) ?? throw new UsageException($"--{name} is required.");

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public bool Flag(string name) => _values.ContainsKey(name);

    /// <summary>A secret piped in on standard input (never on the command line, where `ps` shows it).</summary>
    public static string ReadSecretFromStdin(string what) =>
        Console.In.ReadLine()?.Trim() is { Length: > 0 } secret ? secret : throw new UsageException($"Expected the {what} on standard input.");
}

internal sealed class UsageException(string message) : Exception(message);
