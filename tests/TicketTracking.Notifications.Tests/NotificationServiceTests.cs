using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing.Inbox;
using TicketTracking.Protos.Notifications.V1;
using TicketTracking.Testing;

namespace TicketTracking.Notifications.Tests;

public sealed class NotificationServiceTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private readonly NotificationService.NotificationServiceClient _client = new(factory.Channel);

    private async Task<Notification> Notify(string userId, string subject, string key = "") =>
        (await _client.CreateNotificationAsync(new CreateNotificationRequest
        {
            UserId = userId,
            Type = NotificationType.System,
            Subject = subject,
            Body = "Details",
            Link = "/tickets/TT-000001",
            IdempotencyKey = key,
        })).Notification;

    [Fact]
    public async Task A_user_sees_their_own_notifications_newest_first_with_the_unread_count()
    {
        var user = Guid.CreateVersion7().ToString();
        await Notify(user, "older");
        await Notify(user, "newer");
        await Notify(Guid.CreateVersion7().ToString(), "someone else's");

        var reply = await _client.ListNotificationsAsync(new ListNotificationsRequest { UserId = user });

        reply.Notifications.Select(n => n.Subject).ShouldBe(["newer", "older"]);
        reply.Notifications.ShouldAllBe(n => !n.Read && n.UserId == user);
        reply.UnreadCount.ShouldBe(2);
    }

    [Fact]
    public async Task A_redelivered_event_creates_one_notification()
    {
        var user = Guid.CreateVersion7().ToString();
        var eventId = Guid.CreateVersion7().ToString();

        var first = await Notify(user, "assigned", eventId);
        var again = await Notify(user, "assigned", eventId);

        again.Id.ShouldBe(first.Id);
        (await factory.WithDatabase(db => db.Notifications.CountAsync(n => n.UserId == Guid.Parse(user)))).ShouldBe(1);
        var handled = await factory.WithDatabase(db => db.Set<InboxMessage>().SingleAsync(m => m.MessageId == eventId));
        handled.ResultId.ShouldBe(Guid.Parse(first.Id));
    }

    [Fact]
    public async Task The_same_event_delivered_twice_at_once_has_one_effect()
    {
        var user = Guid.CreateVersion7().ToString();
        var eventId = Guid.CreateVersion7().ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Notify(user, "assigned", eventId)));

        results.Select(n => n.Id).Distinct().ShouldHaveSingleItem();
        (await factory.WithDatabase(db => db.Notifications.CountAsync(n => n.UserId == Guid.Parse(user)))).ShouldBe(1);
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        var user = Guid.CreateVersion7().ToString();
        for (var i = 0; i < 5; i++)
            await Notify(user, $"n{i}");

        var first = await _client.ListNotificationsAsync(new ListNotificationsRequest { UserId = user, PageSize = 3 });
        var second = await _client.ListNotificationsAsync(new ListNotificationsRequest { UserId = user, PageSize = 3, PageToken = first.NextPageToken });

        first.Notifications.Concat(second.Notifications).Select(n => n.Subject).ShouldBe(["n4", "n3", "n2", "n1", "n0"]);
        second.NextPageToken.ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_input_names_every_bad_field()
    {
        var error = await Should.ThrowAsync<RpcException>(() =>
            _client.CreateNotificationAsync(new CreateNotificationRequest { UserId = "x", Subject = "" }).ResponseAsync);

        error.ViolatedFields().ShouldBe(["user_id", "type", "subject"]);
    }
}

public sealed class NotificationOwnershipTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Fact]
    public async Task A_user_lists_their_own_notifications_and_not_someone_elses()
    {
        var me = TestIdentity.User("tickets.read.own");
        var client = new NotificationService.NotificationServiceClient(factory.ChannelAs(me));

        (await client.ListNotificationsAsync(new ListNotificationsRequest { UserId = me.Id.ToString() })).Notifications.ShouldBeEmpty();
        var other = await Should.ThrowAsync<RpcException>(() => client.ListNotificationsAsync(
            new ListNotificationsRequest { UserId = Guid.NewGuid().ToString() }).ResponseAsync);

        other.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        other.Reason().ShouldBe("OBJECT_ACCESS_DENIED");
    }
}
