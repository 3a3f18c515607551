using Grpc.Net.Client;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Notifications.V1;
using TicketTracking.Protos.Tickets.V1;

namespace TicketTracking.SystemTests;

/// <summary>An integration event end to end: Tickets' outbox → RabbitMQ → NotificationWorker → Notifications.</summary>
public sealed class EventPathTests
{
    [Fact]
    public async Task A_new_ticket_reaches_its_requester_as_a_notification()
    {
        var requester = Guid.CreateVersion7().ToString();
        using var tickets = StackUnderTest.ToolingChannel("tickets");
        using var notifications = StackUnderTest.ToolingChannel("notifications");
        var ticket = (await new TicketService.TicketServiceClient(tickets).CreateTicketAsync(new CreateTicketRequest
        {
            Subject = "VPN drops every hour",
            Description = "Since the router change.",
            RequesterId = requester,
            DepartmentId = Guid.CreateVersion7().ToString(),
            Priority = Priority.Medium,
        })).Ticket;

        var inbox = new NotificationService.NotificationServiceClient(notifications);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        ListNotificationsResponse reply;
        do
        {
            await Task.Delay(100, timeout.Token);
            reply = await inbox.ListNotificationsAsync(new ListNotificationsRequest { UserId = requester }, cancellationToken: timeout.Token);
        }
        while (reply.Notifications.Count == 0);

        var notification = reply.Notifications.ShouldHaveSingleItem();
        notification.Type.ShouldBe(NotificationType.TicketReceived);
        notification.Subject.ShouldContain(ticket.Number);
        notification.Link.ShouldBe($"/tickets/{ticket.Number}");
    }
}
