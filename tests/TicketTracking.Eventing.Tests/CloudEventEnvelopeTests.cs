using System.Text;
using System.Text.Json.Nodes;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Events.V1;

namespace TicketTracking.Eventing.Tests;

public sealed class CloudEventEnvelopeTests
{
    private static readonly TicketCreated Payload = new()
    {
        TicketId = Guid.CreateVersion7().ToString(),
        AggregateVersion = 1,
        TicketNumber = "TT-000042",
        Subject = "Printer",
        Priority = Priority.High,
    };

    [Fact]
    public void The_envelope_carries_the_cloud_event_attributes_and_the_payload_as_json()
    {
        var id = Guid.CreateVersion7();

        var json = JsonNode.Parse(CloudEventEnvelope.Encode(id, "tickets", Payload, DateTimeOffset.UnixEpoch))!;

        json["specversion"]!.GetValue<string>().ShouldBe("1.0");
        json["id"]!.GetValue<string>().ShouldBe(id.ToString());
        json["source"]!.GetValue<string>().ShouldBe("tickets");
        json["type"]!.GetValue<string>().ShouldBe("tickettracking.events.v1.TicketCreated");
        json["datacontenttype"]!.GetValue<string>().ShouldBe("application/json");
        json["data"]!["ticketNumber"]!.GetValue<string>().ShouldBe("TT-000042");
        json["data"]!["priority"]!.GetValue<string>().ShouldBe("PRIORITY_HIGH");
    }

    [Fact]
    public void An_encoded_event_decodes_to_the_same_payload()
    {
        var id = Guid.CreateVersion7();

        var envelope = CloudEventEnvelope.Decode(CloudEventEnvelope.Encode(id, "tickets", Payload, DateTimeOffset.UtcNow));

        envelope.Id.ShouldBe(id);
        envelope.Payload.ShouldBe(Payload);
    }

    [Fact]
    public void The_data_base64_form_that_dapr_may_deliver_decodes_too()
    {
        var json = JsonNode.Parse(CloudEventEnvelope.Encode(Guid.CreateVersion7(), "tickets", Payload, DateTimeOffset.UtcNow))!.AsObject();
        var data = json["data"]!.ToJsonString();
        json.Remove("data");
        json["data_base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(data));

        CloudEventEnvelope.Decode(Encoding.UTF8.GetBytes(json.ToJsonString())).Payload.ShouldBe(Payload);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"a","type":"tickettracking.events.v1.TicketCreated","data":{}}""")]
    [InlineData("""{"specversion":"1.0","id":"0193a5c0-0000-7000-8000-000000000001","source":"a","type":"evil.Type","data":{}}""")]
    public void What_is_not_one_of_our_events_is_a_format_error(string body) =>
        Should.Throw<FormatException>(() => CloudEventEnvelope.Decode(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Every_event_payload_has_a_stable_topic()
    {
        var events = new[] { TicketEventsReflection.Descriptor, WorkflowEventsReflection.Descriptor, MessagingEventsReflection.Descriptor, AuthEventsReflection.Descriptor }
            .SelectMany(file => file.MessageTypes).ToList();

        events.Count.ShouldBeGreaterThanOrEqualTo(19);
        events.Select(EventTopics.For).ShouldAllBe(topic => System.Text.RegularExpressions.Regex.IsMatch(topic, "^[a-z]+(-[a-z]+)*$"));
        events.Select(EventTopics.For).Distinct().Count().ShouldBe(events.Count);
    }
}
