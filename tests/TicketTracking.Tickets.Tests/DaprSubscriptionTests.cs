using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Eventing;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Testing;

namespace TicketTracking.Tickets.Tests;

/// <summary>Tickets beside a Dapr sidecar (EventBus:Transport=dapr); the tests play daprd's part over HTTP.</summary>
public sealed class DaprSubscribingTickets : TicketsFactory
{
    public const string AppToken = "test-app-token";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("EventBus:Transport", "dapr");
        builder.UseSetting("APP_API_TOKEN", AppToken);
        builder.UseSetting("DAPR_GRPC_ENDPOINT", "http://127.0.0.1:1");
        builder.UseSetting("DAPR_HTTP_ENDPOINT", "http://127.0.0.1:1");
    }
}

/// <summary>The Dapr side of Tickets' subscription to department-changed, and its predeclared RabbitMQ queue.</summary>
public sealed class DaprSubscriptionTests(DaprSubscribingTickets factory) : IClassFixture<DaprSubscribingTickets>
{
    [Fact]
    public async Task Tickets_subscribes_to_department_changed_with_its_dead_letter_topic()
    {
        var served = await factory.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/dapr/subscribe", UriKind.Relative));

        var subscription = served.EnumerateArray().ShouldHaveSingleItem();
        subscription.GetProperty("topic").GetString().ShouldBe("department-changed");
        subscription.GetProperty("pubsubName").GetString().ShouldBe("pubsub");
        subscription.GetProperty("route").GetString().ShouldBe("events/department-changed");
        subscription.GetProperty("deadLetterTopic").GetString().ShouldBe("dlx-tickets-department-changed");
    }

    [Fact]
    public async Task A_department_event_delivered_by_the_sidecar_reaches_the_read_copy()
    {
        var id = Guid.CreateVersion7();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/department-changed")
        {
            Content = new ByteArrayContent(CloudEventEnvelope.Encode(Guid.CreateVersion7(), "auth",
                DepartmentReadCopyTests.Change(id, 100, "Security", created: true), DateTimeOffset.UtcNow)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventEnvelope.ContentType);
        request.Headers.Add("dapr-api-token", DaprSubscribingTickets.AppToken);

        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("SUCCESS");
        (await factory.WithDatabase(db => db.Departments.AsNoTracking().SingleAsync(d => d.Id == id))).Name.ShouldBe("Security");
    }

    [Fact]
    public async Task A_delivery_without_the_app_token_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/department-changed") { Content = new ByteArrayContent("{}"u8.ToArray()) };

        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Every_topic_tickets_consumes_has_its_queue_predeclared()
    {
        var dispatcher = factory.Services.GetRequiredService<EventDispatcher>();
        var definitions = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "rabbitmq", "definitions.json"));
        var queues = JsonDocument.Parse(definitions).RootElement.GetProperty("queues").EnumerateArray()
            .Select(q => q.GetProperty("name").GetString()).ToList();

        dispatcher.Topics.ShouldBe(["department-changed"]);
        foreach (var topic in dispatcher.Topics)
            queues.ShouldContain($"tickets-{topic}");
    }
}
