using Grpc.Core;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Protos.Notifications.V1;

namespace TicketTracking.NotificationWorker.Events;

/// <summary>ticket-created → the requester's "we received your ticket" notification.</summary>
public sealed class TicketReceivedConsumer(NotificationService.NotificationServiceClient notifications) : IEventConsumer<TicketCreated>
{
    public async Task<HandlerResult> HandleAsync(TicketCreated payload, EventContext context, CancellationToken cancellationToken)
    {
        try
        {
            await notifications.CreateNotificationAsync(new CreateNotificationRequest
            {
                UserId = payload.RequesterId,
                Type = NotificationType.TicketReceived,
                Subject = $"We received your ticket {payload.TicketNumber}",
                Body = payload.Subject,
                Link = $"/tickets/{payload.TicketNumber}",
                // The event id makes a redelivery a no-op in the Notifications service.
                IdempotencyKey = context.EventId.ToString(),
            }, cancellationToken: cancellationToken);
            return HandlerResult.Success;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.InvalidArgument)
        {
            // The event itself is unusable (e.g. no requester): retrying cannot help.
            return HandlerResult.Drop;
        }
    }
}
