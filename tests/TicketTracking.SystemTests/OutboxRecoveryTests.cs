using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Npgsql;
using TicketTracking.Eventing;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Protos.Notifications.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;

namespace TicketTracking.SystemTests;

/// <summary>Nothing committed is lost: not while the broker is down, not when a service dies before publishing.</summary>
public sealed class OutboxRecoveryTests
{
    private static async Task<int> NotificationsOf(string user, CancellationToken cancellationToken)
    {
        using var channel = StackUnderTest.ToolingChannel("notifications");
        var reply = await new NotificationService.NotificationServiceClient(channel)
            .ListNotificationsAsync(new ListNotificationsRequest { UserId = user, PageSize = 1 }, cancellationToken: cancellationToken);
        return reply.UnreadCount;
    }

    /// <summary>Waits until <paramref name="user"/> has <paramref name="expected"/> notifications, then checks no more come.</summary>
    private static async Task ExpectExactly(string user, int expected, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var count = 0;
        while (count < expected && !timeout.IsCancellationRequested)
        {
            await Task.Delay(200, CancellationToken.None);
            count = await NotificationsOf(user, CancellationToken.None);
        }
        count.ShouldBe(expected, $"notifications for {user} within {within}");
        await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        (await NotificationsOf(user, CancellationToken.None)).ShouldBe(expected, "one effect per event");
    }

    [Fact]
    public async Task Events_committed_while_the_broker_is_stopped_all_arrive_once_it_is_restarted()
    {
        var requester = Guid.CreateVersion7().ToString();
        using var channel = StackUnderTest.ToolingChannel("tickets");
        var tickets = new TicketService.TicketServiceClient(channel);

        // The whole broker process stops; the apps must reconnect to the new one.
        await Scripts.Run("infra.sh", "rabbitmqctl", "-q", "stop");
        try
        {
            for (var i = 0; i < 100; i++)
            {
                await tickets.CreateTicketAsync(new CreateTicketRequest
                {
                    Subject = $"Outage ticket {i}",
                    Description = "Filed while the broker was down.",
                    RequesterId = requester,
                    DepartmentId = StackUnderTest.ItDepartment,
                    Priority = Priority.Low,
                });
            }
        }
        finally
        {
            await Scripts.Run("infra.sh", "up");
        }

        await ExpectExactly(requester, 100, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task An_event_committed_before_a_crash_is_published_after_the_restart()
    {
        var requester = Guid.CreateVersion7().ToString();
        using (var tickets = Process.GetProcessById(Scripts.AppPid("tickets")))
        {
            tickets.Kill();
            await tickets.WaitForExitAsync();
        }

        // What a crash right after the commit leaves behind: the change's outbox row, never published.
        var id = Guid.CreateVersion7();
        var payload = new TicketCreated
        {
            TicketId = Guid.CreateVersion7().ToString(),
            AggregateVersion = 1,
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            TicketNumber = "TT-999001",
            Subject = "Committed just before the crash",
            RequesterId = requester,
        };
        await using (var db = new NpgsqlConnection($"{TestEnvironment.Postgres};Database=ticket_db"))
        {
            await db.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO outbox_messages (id, topic, aggregate_id, envelope, created_at, attempts, next_attempt_at) " +
                "VALUES (@id, 'ticket-created', @aggregate, @envelope, now(), 0, now())", db);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("aggregate", payload.TicketId);
            insert.Parameters.AddWithValue("envelope", CloudEventEnvelope.Encode(id, "tickets", payload, DateTimeOffset.UtcNow));
            await insert.ExecuteNonQueryAsync();
        }

        await Scripts.Run("apps.sh", "up");

        await ExpectExactly(requester, 1, TimeSpan.FromSeconds(30));
    }
}
