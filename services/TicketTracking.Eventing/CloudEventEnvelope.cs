using System.Diagnostics;
using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Google.Protobuf;

namespace TicketTracking.Eventing;

/// <summary>
/// The CloudEvents 1.0 JSON envelope every integration event travels in (ARCHITECTURE.md §6): our own <c>id</c>
/// (UUIDv7, the consumers' idempotency key), <c>source</c> = app id, <c>type</c> = the payload's proto full name, and
/// <c>data</c> as Google.Protobuf's JsonFormatter writes it.
/// </summary>
public sealed record CloudEventEnvelope(Guid Id, string Type, IMessage Payload)
{
    public const string ContentType = "application/cloudevents+json";

    private static readonly CloudEventAttribute TraceParent = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);
    private static readonly CloudEventAttribute TraceId = CloudEventAttribute.CreateExtension("traceid", CloudEventAttributeType.String);
    private static readonly JsonEventFormatter Formatter = new();
    private static readonly JsonFormatter PayloadFormatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser PayloadParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithTypeRegistry(EventTopics.Registry));

    /// <summary>Serialises <paramref name="payload"/> as a new event from <paramref name="source"/>.</summary>
    public static byte[] Encode(Guid id, string source, IMessage payload, DateTimeOffset time)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = id.ToString(),
            Source = new Uri(source, UriKind.RelativeOrAbsolute),
            Type = payload.Descriptor.FullName,
            Time = time,
            DataContentType = MediaTypeNames.Application.Json,
            Data = JsonDocument.Parse(PayloadFormatter.Format(payload)).RootElement,
        };
        // Dapr overwrites traceparent unless both are present.
        if (Activity.Current?.Id is { } trace)
        {
            cloudEvent[TraceParent] = trace;
            cloudEvent[TraceId] = trace;
        }
        return Formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();
    }

    /// <summary>Reads an envelope (either <c>data</c> or Dapr's <c>data_base64</c> form) back into its typed payload.</summary>
    /// <exception cref="FormatException">Not a CloudEvent, or a payload type this product does not know.</exception>
    public static CloudEventEnvelope Decode(ReadOnlyMemory<byte> body)
    {
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = Formatter.DecodeStructuredModeMessage(body, new System.Net.Mime.ContentType(ContentType), [TraceParent, TraceId]);
        }
        catch (Exception error) when (error is ArgumentException or JsonException or InvalidOperationException)
        {
            throw new FormatException($"Not a CloudEvent: {error.Message}", error);
        }

        if (!Guid.TryParse(cloudEvent.Id, out var id))
            throw new FormatException($"CloudEvent id '{cloudEvent.Id}' is not a UUID.");
        var descriptor = EventTopics.Registry.Find(cloudEvent.Type ?? "")
            ?? throw new FormatException($"Unknown event type '{cloudEvent.Type}'.");
        var json = cloudEvent.Data switch
        {
            JsonElement element => element.GetRawText(),
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
            string text => text,
            _ => throw new FormatException("The CloudEvent carries no data."),
        };
        try
        {
            return new CloudEventEnvelope(id, descriptor.FullName, PayloadParser.Parse(json, descriptor));
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new FormatException($"The data of {descriptor.FullName} {id} is not valid: {error.Message}", error);
        }
    }
}
