using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.Tickets.Data;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Grpc;

/// <summary>
/// A ticket's classification must hang together: the category under the ticket's department, the subcategory under
/// the category, both active, and the extra fields valid against the subcategory's schema, else the category's.
/// </summary>
public static class CategoryChecks
{
    /// <returns>The fields as stored JSON ("{}" when none).</returns>
    public static async Task<string> CheckAsync(
        TicketsDbContext db, Guid departmentId, Guid? categoryId, Guid? subcategoryId, Struct? fields, CancellationToken cancellationToken)
    {
        var json = fields is null || fields.Fields.Count == 0 ? "{}" : JsonFormatter.Default.Format(fields);
        var violations = new FieldViolations();
        Category? category = null;
        Subcategory? subcategory = null;
        if (categoryId is { } id)
        {
            category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
            violations.Check(category is { Active: true } && category.DepartmentId == departmentId, "category_id", "is not an active category of the ticket's department.");
        }
        if (subcategoryId is { } subId)
        {
            subcategory = await db.Subcategories.AsNoTracking().FirstOrDefaultAsync(s => s.Id == subId, cancellationToken);
            violations.Check(subcategory is { Active: true } && subcategory.CategoryId == categoryId, "subcategory_id", "is not an active subcategory of the ticket's category.");
        }
        violations.ThrowIfAny();

        var schema = subcategory?.FieldsSchema is { Length: > 0 } own ? own : category?.FieldsSchema ?? "";
        if (schema.Length == 0)
        {
            violations.Check(json == "{}", "fields", "the ticket's category defines no extra fields.");
        }
        else
        {
            foreach (var (field, description) in FieldsSchema.Violations(schema, json))
                violations.Add(field, description);
        }
        violations.ThrowIfAny();
        return json;
    }
}
