using System.ComponentModel.DataAnnotations;

namespace TicketTracking.ServiceDefaults.Data;

/// <summary>The service's own PostgreSQL database (<c>ConnectionStrings:Database</c>).</summary>
public sealed class DatabaseOptions
{
    [Required(ErrorMessage = "ConnectionStrings:Database is missing: set it to the Npgsql connection string of this service's database.")]
    public string? ConnectionString { get; set; }
}
