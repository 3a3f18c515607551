using Grpc.Core;
using Grpc.Net.Client;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Notifications.V1;
using TicketTracking.Protos.Tickets.V1;

namespace TicketTracking.SystemTests;

/// <summary>Integration events end to end, through the outboxes, RabbitMQ and the subscribers of the running stack.</summary>
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
            DepartmentId = StackUnderTest.ItDepartment,
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

    [Fact]
    public async Task A_department_created_in_auth_reaches_tickets_read_copy_and_takes_tickets()
    {
        var code = $"EV{Random.Shared.Next(100_000, 999_999)}";
        using var auth = StackUnderTest.ToolingChannel("auth");
        using var tickets = StackUnderTest.ToolingChannel("tickets");
        var department = (await new DepartmentService.DepartmentServiceClient(auth).CreateDepartmentAsync(
            new CreateDepartmentRequest { Code = code, Name = $"Event path {code}" }, cancellationToken: TestContext.Current.CancellationToken)).Department;
        var client = new TicketService.TicketServiceClient(tickets);
        var request = new CreateTicketRequest
        {
            Subject = "First ticket of a new department",
            Description = "Filed once Auth's department-changed event reached Tickets.",
            RequesterId = Guid.CreateVersion7().ToString(),
            DepartmentId = department.Id,
            Priority = Priority.Low,
        };

        // Auth's outbox → department-changed → Tickets' queue → its read copy; until then the department is unknown there.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Ticket? ticket = null;
        while (ticket is null)
        {
            try
            {
                ticket = (await client.CreateTicketAsync(request, cancellationToken: timeout.Token)).Ticket;
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.InvalidArgument)
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        ticket.DepartmentId.ShouldBe(department.Id);
    }
}
