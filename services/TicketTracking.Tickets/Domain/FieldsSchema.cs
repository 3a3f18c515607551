using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace TicketTracking.Tickets.Domain;

/// <summary>
/// A category's JSON Schema (draft 2020-12) for a ticket's extra fields (JsonSchema.Net), and the field-level errors
/// it finds: each named like the request field it is about (<c>fields.serial_number</c>).
/// </summary>
public static partial class FieldsSchema
{
    public const int MaxLength = 20_000;

    /// <returns>Null when <paramref name="text"/> is a usable schema, else why not.</returns>
    public static string? Problem(string text)
    {
        if (text.Length > MaxLength)
            return $"must be at most {MaxLength} characters.";
        try
        {
            JsonSchema.FromText(text);
            return null;
        }
        catch (Exception error) when (error is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException)
        {
            return $"is not a JSON Schema: {error.Message}";
        }
    }

    /// <summary>Every way <paramref name="fields"/> (JSON) breaks <paramref name="schema"/>, as (field, description) pairs.</summary>
    public static List<(string Field, string Description)> Violations(string schema, string fields)
    {
        using var document = JsonDocument.Parse(fields);
        var results = JsonSchema.FromText(schema).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (results.IsValid)
            return [];
        var violations = new List<(string, string)>();
        foreach (var detail in results.Details ?? [])
        {
            foreach (var (keyword, message) in detail.Errors ?? [])
            {
                var at = FieldName(detail.InstanceLocation.ToString());
                if (keyword == "required" && RequiredNames(message) is { Count: > 0 } missing)
                    violations.AddRange(missing.Select(name => ($"{at}.{name}", "is required.")));
                else
                    violations.Add((at, message));
            }
        }
        return violations.Count > 0 ? violations : [("fields", "does not match the category's schema.")];
    }

    /// <summary><c>/cost_items/0/amount</c> → <c>fields.cost_items[0].amount</c>.</summary>
    private static string FieldName(string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate("fields", (name, segment) => int.TryParse(segment, out _) ? $"{name}[{segment}]" : $"{name}.{segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)}");

    /// <summary>The property names in JsonSchema.Net's "Required properties [...] are not present" message.</summary>
    private static List<string> RequiredNames(string message) =>
        RequiredList().Match(message) is { Success: true } list
            ? JsonSerializer.Deserialize<List<string>>(list.Value) ?? []
            : [];

    [GeneratedRegex(@"\[.*\]")]
    private static partial Regex RequiredList();
}
