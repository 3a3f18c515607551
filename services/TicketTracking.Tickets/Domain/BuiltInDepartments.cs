using Microsoft.EntityFrameworkCore.Migrations;

namespace TicketTracking.Tickets.Domain;

/// <summary>
/// The departments Auth seeds in every installation (same ids, codes and names as Auth's DepartmentConfiguration), seeded
/// into the read copy too, so tickets can be filed before the first <c>department-changed</c> event or Auth listing.
/// </summary>
public static class BuiltInDepartments
{
    public static readonly Guid It = Guid.Parse("0193a5c0-0000-7000-8000-000000000001");
    public static readonly Guid Asset = Guid.Parse("0193a5c0-0000-7000-8000-000000000002");
    public static readonly Guid Budget = Guid.Parse("0193a5c0-0000-7000-8000-000000000003");

    public static readonly IReadOnlyList<(Guid Id, string Code, string Name)> All =
    [
        (It, "IT", "IT"),
        (Asset, "ASSET", "Asset"),
        (Budget, "BUDGET", "Budget"),
    ];

    /// <summary>Inserts them at version 0, so any event about them wins (called by the migration that creates the table).</summary>
    public static void SeedInto(MigrationBuilder migration)
    {
        var seededAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (id, code, name) in All)
        {
            migration.InsertData(
                table: "departments",
                columns: ["id", "code", "name", "active", "version", "updated_at"],
                values: new object[] { id, code, name, true, 0L, seededAt });
        }
    }
}
