using Microsoft.EntityFrameworkCore.Migrations;

namespace TicketTracking.Tickets.Domain;

/// <summary>
/// The categories every installation starts with, one per built-in department, with the extra fields the Asset and
/// Budget desks need. Fixed ids so seeds and tests can name them.
/// </summary>
public static class BuiltInCategories
{
    public static readonly Guid ItDepartment = BuiltInDepartments.It;
    public static readonly Guid AssetDepartment = BuiltInDepartments.Asset;
    public static readonly Guid BudgetDepartment = BuiltInDepartments.Budget;

    public static readonly Guid ItSupport = Guid.Parse("0193a5c0-0000-7000-8000-000000000201");
    public static readonly Guid AssetRequest = Guid.Parse("0193a5c0-0000-7000-8000-000000000202");
    public static readonly Guid BudgetRequest = Guid.Parse("0193a5c0-0000-7000-8000-000000000203");

    public const string AssetSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["asset_name", "location"],
          "properties": {
            "asset_name": { "type": "string", "minLength": 1, "maxLength": 200, "title": "Asset name" },
            "serial_number": { "type": "string", "maxLength": 100, "title": "Serial number" },
            "location": { "type": "string", "minLength": 1, "maxLength": 200, "title": "Location" },
            "expected_return_date": { "type": "string", "format": "date", "title": "Expected return date" }
          },
          "additionalProperties": false
        }
        """;

    public const string BudgetSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["cost_items", "requested_amount", "performance_period"],
          "properties": {
            "cost_items": {
              "type": "array", "minItems": 1, "title": "Cost items",
              "items": {
                "type": "object", "required": ["description", "amount"],
                "properties": {
                  "description": { "type": "string", "minLength": 1, "maxLength": 200 },
                  "amount": { "type": "number", "minimum": 0 }
                },
                "additionalProperties": false
              }
            },
            "requested_amount": { "type": "number", "exclusiveMinimum": 0, "title": "Requested amount" },
            "performance_period": {
              "type": "object", "required": ["start", "end"], "title": "Performance period",
              "properties": { "start": { "type": "string", "format": "date" }, "end": { "type": "string", "format": "date" } },
              "additionalProperties": false
            }
          },
          "additionalProperties": false
        }
        """;

    public static readonly IReadOnlyList<(Guid Id, Guid DepartmentId, string Name, string Description, string Schema)> All =
    [
        (ItSupport, ItDepartment, "IT Support", "Computers, accounts, network and software problems.", ""),
        (AssetRequest, AssetDepartment, "Asset Request", "Borrowing, returning or moving equipment.", AssetSchema),
        (BudgetRequest, BudgetDepartment, "Budget Request", "Spending that needs approval.", BudgetSchema),
    ];

    /// <summary>Inserts the built-in categories (called by the migration that creates the table; later changes need their own).</summary>
    public static void SeedInto(MigrationBuilder migration)
    {
        var createdAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (id, department, name, description, schema) in All)
        {
            migration.InsertData(
                table: "categories",
                columns: ["id", "department_id", "name", "description", "fields_schema", "active", "created_at", "updated_at"],
                values: new object[] { id, department, name, description, schema, true, createdAt, createdAt });
        }
    }
}
