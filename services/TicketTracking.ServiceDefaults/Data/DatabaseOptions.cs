using System.ComponentModel.DataAnnotations;
using System.Data.Common;

namespace TicketTracking.ServiceDefaults.Data;

/// <summary>The service's own PostgreSQL database (<c>ConnectionStrings:Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>
    /// Connections per service process unless its connection string says otherwise. Npgsql's default of 100 lets one
    /// service under a burst open a hundred backends — each several megabytes in PostgreSQL, all competing for the same
    /// two cores — where a short wait for one of 20 serves the requests sooner and keeps PostgreSQL in its memory budget.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    [Required(ErrorMessage = "ConnectionStrings:Database is missing: set it to the Npgsql connection string of this service's database.")]
    public string? ConnectionString { get; set; }

    private static readonly string[] PoolSizeKeys = ["Maximum Pool Size", "MaxPoolSize"]; // Npgsql's names for it

    /// <summary>The connection string with <see cref="DefaultMaxPoolSize"/> added when it sets no pool size of its own.</summary>
    public static string? WithPoolLimit(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return connectionString;
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return connectionString; // malformed: Npgsql reports it, naming the problem, when the first connection opens
        }
        if (PoolSizeKeys.Any(builder.ContainsKey))
            return connectionString;
        builder["Maximum Pool Size"] = DefaultMaxPoolSize;
        return builder.ConnectionString;
    }
}
