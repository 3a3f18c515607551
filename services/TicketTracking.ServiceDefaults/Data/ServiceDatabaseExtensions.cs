using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TicketTracking.ServiceDefaults.Hosting;

namespace TicketTracking.ServiceDefaults.Data;

public static class ServiceDatabaseExtensions
{
    /// <summary>
    /// Registers the service's DbContext on its own PostgreSQL database with snake_case names, a readiness check,
    /// and the <c>migrate</c> command.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder)
        where TContext : DbContext
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = DatabaseOptions.WithPoolLimit(configuration.GetConnectionString("Database")))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddDbContextPool<TContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString)
            .UseSnakeCaseNamingConvention()
            // What other parts register for every save, such as the outbox's commit signal.
            .AddInterceptors(services.GetServices<IInterceptor>()));

        builder.Services.AddHealthChecks().AddNpgSql(
            services => services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!,
            name: "database",
            tags: [HealthTags.Ready],
            timeout: TimeSpan.FromSeconds(3));
        builder.Services.AddSingleton<IAppCommand, MigrateCommand<TContext>>();
        return builder;
    }
}

/// <summary><c>migrate</c>: applies the service's pending EF Core migrations, creating the database if needed.</summary>
internal sealed class MigrateCommand<TContext> : IAppCommand where TContext : DbContext
{
    public string Name => "migrate";

    public string Description => "apply pending database migrations";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<TContext>().Database;
        var pending = (await database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await database.MigrateAsync(cancellationToken);
        Console.WriteLine(pending.Count == 0
            ? $"{typeof(TContext).Name}: database is up to date."
            : $"{typeof(TContext).Name}: applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
        return 0;
    }
}
