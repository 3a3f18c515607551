using System.Text;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Testing;

namespace TicketTracking.Eventing.Tests;

/// <summary>The rabbitmq transport's inbound side against the real test broker.</summary>
public sealed class RabbitMqSubscriberTests
{
    private static byte[] Event(Guid id) =>
        CloudEventEnvelope.Encode(id, "tickets", new TicketCreated { TicketId = Guid.CreateVersion7().ToString(), TicketNumber = "TT-000001" }, DateTimeOffset.UtcNow);

    private static Task WaitUntil(Func<Task<bool>> condition) => Eventually.Until(condition, TimeSpan.FromSeconds(15));

    [Fact]
    public async Task An_event_is_handled_once_and_acknowledged()
    {
        await using var app = await SubscriberHost.StartAsync();
        var id = Guid.CreateVersion7();

        await SubscriberHost.PublishAsync(Event(id), id.ToString());

        await WaitUntil(() => Task.FromResult(app.Consumer.Seen.Contains(id)));
        await WaitUntil(async () => await SubscriberHost.MessagesIn(app.Queue) == 0);
        app.Consumer.Seen.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_retried_event_comes_back_after_a_backoff_and_then_succeeds()
    {
        await using var app = await SubscriberHost.StartAsync(HandlerResult.Retry, HandlerResult.Retry);
        var id = Guid.CreateVersion7();

        await SubscriberHost.PublishAsync(Event(id), id.ToString());

        await WaitUntil(() => Task.FromResult(app.Consumer.Seen.Count == 3));
        app.Consumer.Seen.ShouldAllBe(seen => seen == id);
        (await SubscriberHost.MessagesIn($"dlq-{app.Queue}")).ShouldBe(0u);
    }

    [Fact]
    public async Task An_event_that_keeps_failing_is_dead_lettered_after_eight_attempts()
    {
        await using var app = await SubscriberHost.StartAsync(Enumerable.Repeat(HandlerResult.Retry, 100).ToArray());
        var id = Guid.CreateVersion7();

        await SubscriberHost.PublishAsync(Event(id), id.ToString());

        await WaitUntil(async () => await SubscriberHost.MessagesIn($"dlq-{app.Queue}") == 1);
        app.Consumer.Seen.Count.ShouldBe(8);
        (await SubscriberHost.MessagesIn(app.Queue)).ShouldBe(0u);
    }

    [Fact]
    public async Task A_dropped_event_goes_to_the_dead_letter_queue_at_once()
    {
        await using var app = await SubscriberHost.StartAsync(HandlerResult.Drop);
        var id = Guid.CreateVersion7();

        await SubscriberHost.PublishAsync(Event(id), id.ToString());

        await WaitUntil(async () => await SubscriberHost.MessagesIn($"dlq-{app.Queue}") == 1);
        app.Consumer.Seen.ShouldBe([id]);
    }

    [Fact]
    public async Task A_poison_message_is_dead_lettered_without_reaching_the_consumer()
    {
        await using var app = await SubscriberHost.StartAsync();

        await SubscriberHost.PublishAsync(Encoding.UTF8.GetBytes("{not a cloud event"), "poison");

        await WaitUntil(async () => await SubscriberHost.MessagesIn($"dlq-{app.Queue}") == 1);
        app.Consumer.Seen.ShouldBeEmpty();
        (await SubscriberHost.MessagesIn(app.Queue)).ShouldBe(0u);
    }
}
