namespace TicketTracking.Testing;

/// <summary>Where the test infrastructure that <c>make test</c> starts can be reached (set by tests/run.sh).</summary>
public static class TestEnvironment
{
    /// <summary>Npgsql connection string to the test PostgreSQL server, without a database.</summary>
    public static string Postgres => Required("TT_TEST_POSTGRES");

    /// <summary>AMQP URI of the test RabbitMQ.</summary>
    public static string RabbitMq => Required("TT_TEST_RABBITMQ");

    /// <summary>SMTP port of the test SMTP sink (smtp4dev) on 127.0.0.1.</summary>
    public static int SmtpPort => int.Parse(Required("TT_TEST_SMTP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Base URL of the SMTP sink's API, where <c>/api/messages</c> lists what was sent.</summary>
    public static Uri SmtpApi => new(Required("TT_TEST_SMTP_API"));

    /// <summary>The repository root, found from the test binary's folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TicketTracking.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("TicketTracking.sln not found above the test binaries.");
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the tests through `make test`, or start the test infrastructure with " +
                $"`TT_PROFILE=test deploy/local/infra.sh up` and export the variables `tests/run.sh` exports.");
}
