using TicketTracking.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Eventing;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Protos.Notifications.V1;

namespace TicketTracking.NotificationWorker.Tests;

/// <summary>The Dapr side of the event contract, exercised the way daprd calls the app.</summary>
public sealed class DaprDeliveryTests(DaprWorkerFactory factory) : IClassFixture<DaprWorkerFactory>
{
    private static byte[] TicketCreatedEvent(Guid id, string requester) => CloudEventEnvelope.Encode(id, "tickets", new TicketCreated
    {
        TicketId = Guid.CreateVersion7().ToString(),
        TicketNumber = "TT-000777",
        Subject = "Badge does not open the door",
        RequesterId = requester,
    }, DateTimeOffset.UtcNow);

    private async Task<(HttpStatusCode Status, string? Outcome)> Deliver(byte[] body, string? token = DaprWorkerFactory.AppToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/ticket-created") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        if (token is not null)
            request.Headers.Add("dapr-api-token", token);
        using var response = await factory.CreateClient().SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
            return (response.StatusCode, null);
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, reply.GetProperty("status").GetString());
    }

    private async Task<IReadOnlyList<Notification>> NotificationsOf(string user) =>
        (await new NotificationService.NotificationServiceClient(factory.Notifications.Channel)
            .ListNotificationsAsync(new ListNotificationsRequest { UserId = user })).Notifications;

    [Fact]
    public async Task The_subscription_list_matches_the_golden_file()
    {
        var served = JsonNode.Parse(await factory.CreateClient().GetStringAsync(new Uri("/dapr/subscribe", UriKind.Relative)));
        var golden = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "dapr-subscribe.golden.json")));

        JsonNode.DeepEquals(served, golden).ShouldBeTrue($"served: {served}");
    }

    [Fact]
    public async Task A_delivery_without_the_app_token_is_refused()
    {
        (await Deliver(TicketCreatedEvent(Guid.CreateVersion7(), Guid.CreateVersion7().ToString()), token: null)).Status
            .ShouldBe(HttpStatusCode.Unauthorized);
        (await Deliver(TicketCreatedEvent(Guid.CreateVersion7(), Guid.CreateVersion7().ToString()), token: "wrong")).Status
            .ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_delivered_event_has_its_effect_once_even_when_delivered_twice()
    {
        var requester = Guid.CreateVersion7().ToString();
        var body = TicketCreatedEvent(Guid.CreateVersion7(), requester);

        (await Deliver(body)).Outcome.ShouldBe("SUCCESS");
        (await Deliver(body)).Outcome.ShouldBe("SUCCESS");

        var notification = (await NotificationsOf(requester)).ShouldHaveSingleItem();
        notification.Type.ShouldBe(NotificationType.TicketReceived);
        notification.Subject.ShouldContain("TT-000777");
    }

    [Fact]
    public async Task The_data_base64_form_is_handled_like_data()
    {
        var requester = Guid.CreateVersion7().ToString();
        var json = JsonNode.Parse(TicketCreatedEvent(Guid.CreateVersion7(), requester))!.AsObject();
        var data = json["data"]!.ToJsonString();
        json.Remove("data");
        json["data_base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(data));

        (await Deliver(Encoding.UTF8.GetBytes(json.ToJsonString()))).Outcome.ShouldBe("SUCCESS");

        (await NotificationsOf(requester)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task What_can_never_succeed_is_dropped_not_retried()
    {
        (await Deliver(Encoding.UTF8.GetBytes("{ not json"))).Outcome.ShouldBe("DROP");
        // A ticket without a requester is rejected by Notifications as invalid: retrying cannot help.
        (await Deliver(TicketCreatedEvent(Guid.CreateVersion7(), requester: ""))).Outcome.ShouldBe("DROP");
    }
}

public sealed class DaprRetryTests(UnreachableNotificationsFactory factory) : IClassFixture<UnreachableNotificationsFactory>
{
    [Fact]
    public async Task An_event_that_fails_for_now_is_answered_with_retry()
    {
        var body = CloudEventEnvelope.Encode(Guid.CreateVersion7(), "tickets",
            new TicketCreated { TicketNumber = "TT-000001", RequesterId = Guid.CreateVersion7().ToString() }, DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/ticket-created") { Content = new ByteArrayContent(body) };
        request.Headers.Add("dapr-api-token", DaprWorkerFactory.AppToken);

        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("RETRY");
    }
}

public sealed class PredeclaredTopologyTests(DaprWorkerFactory factory) : IClassFixture<DaprWorkerFactory>
{
    [Fact]
    public void Every_topic_the_worker_consumes_has_its_queue_predeclared()
    {
        var dispatcher = factory.Services.GetRequiredService<TicketTracking.Eventing.Inbound.EventDispatcher>();
        var definitions = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "rabbitmq", "definitions.json"));
        var queues = JsonDocument.Parse(definitions).RootElement.GetProperty("queues").EnumerateArray()
            .Select(q => q.GetProperty("name").GetString()).ToList();

        dispatcher.Topics.ShouldNotBeEmpty();
        foreach (var topic in dispatcher.Topics)
            queues.ShouldContain($"notification-worker-{topic}");
    }
}
