using Npgsql;
using TicketTracking.ServiceDefaults.Data;

namespace TicketTracking.ServiceDefaults.Tests;

public sealed class DatabaseOptionsTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_service_default() =>
        new NpgsqlConnectionStringBuilder(DatabaseOptions.WithPoolLimit("Host=db;Database=ticket_db;Username=tickets")).MaxPoolSize
            .ShouldBe(DatabaseOptions.DefaultMaxPoolSize);

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=50")]
    [InlineData("Host=db;maximum pool size=50")]
    [InlineData("Host=db;MaxPoolSize=50")]
    public void A_pool_size_the_connection_string_sets_is_kept(string connectionString) =>
        new NpgsqlConnectionStringBuilder(DatabaseOptions.WithPoolLimit(connectionString)).MaxPoolSize.ShouldBe(50);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Host=db;=broken")]
    public void Missing_or_malformed_strings_are_left_for_validation_and_Npgsql_to_report(string? connectionString) =>
        DatabaseOptions.WithPoolLimit(connectionString).ShouldBe(connectionString);
}
