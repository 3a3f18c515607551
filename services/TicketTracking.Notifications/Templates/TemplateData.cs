using Google.Protobuf.WellKnownTypes;

namespace TicketTracking.Notifications.Templates;

/// <summary>A request's <c>google.protobuf.Struct</c> as the plain values Fluid knows (strings, numbers, lists, dictionaries).</summary>
internal static class TemplateData
{
    public static Dictionary<string, object?> From(Struct? data) =>
        data?.Fields.ToDictionary(field => field.Key, field => From(field.Value)) ?? [];

    private static object? From(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => value.StringValue,
        Value.KindOneofCase.NumberValue => (decimal)value.NumberValue,
        Value.KindOneofCase.BoolValue => value.BoolValue,
        Value.KindOneofCase.StructValue => From(value.StructValue),
        Value.KindOneofCase.ListValue => value.ListValue.Values.Select(From).ToList(),
        _ => null,
    };
}
