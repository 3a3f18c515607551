using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing.Inbox;
using TicketTracking.Notifications.Data;
using TicketTracking.Protos.Notifications.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using Notification = TicketTracking.Notifications.Domain.Notification;

namespace TicketTracking.Notifications.Grpc;

public sealed class NotificationGrpcService(NotificationsDbContext db, TimeProvider clock) : NotificationService.NotificationServiceBase
{
    public override async Task<CreateNotificationResponse> CreateNotification(CreateNotificationRequest request, ServerCallContext context)
    {
        new FieldViolations()
            .Uuid("user_id", request.UserId)
            .Check(request.Type != NotificationType.Unspecified && System.Enum.IsDefined(request.Type), "type", "must be a notification type.")
            .Required("subject", request.Subject)
            .MaxLength("subject", request.Subject, Notification.MaxSubjectLength)
            .MaxLength("body", request.Body, Notification.MaxBodyLength)
            .MaxLength("link", request.Link, Notification.MaxLinkLength)
            .MaxLength("idempotency_key", request.IdempotencyKey, Inbox.MaxMessageIdLength)
            .ThrowIfAny();

        var key = request.IdempotencyKey;
        if (key.Length > 0 && await EarlierResult(key, context.CancellationToken) is { } earlier)
            return new CreateNotificationResponse { Notification = ToProto(earlier) };

        var now = clock.UtcNowForDatabase();
        var notification = Notification.Create(Guid.Parse(request.UserId), request.Type.ToString(), request.Subject, request.Body, request.Link, now);
        db.Notifications.Add(notification);
        if (key.Length > 0)
            db.RecordHandled(nameof(CreateNotification), key, notification.Id, now);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException) when (key.Length > 0)
        {
            // The same event delivered twice at once: the other delivery's transaction won, and its effect stands.
            db.ChangeTracker.Clear();
            var concurrent = await EarlierResult(key, context.CancellationToken) ?? throw new InvalidOperationException(
                $"Saving the notification for '{key}' failed, and no earlier handling of that key exists.");
            return new CreateNotificationResponse { Notification = ToProto(concurrent) };
        }
        return new CreateNotificationResponse { Notification = ToProto(notification) };
    }

    /// <summary>The notification an earlier call with the same idempotency key (an event id) created.</summary>
    private async Task<Notification?> EarlierResult(string key, CancellationToken cancellationToken) =>
        await db.FindHandledAsync(nameof(CreateNotification), key, cancellationToken) is { ResultId: { } id }
            ? await db.Notifications.AsNoTracking().FirstAsync(n => n.Id == id, cancellationToken)
            : null;

    public override async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        new FieldViolations().Uuid("user_id", request.UserId).ThrowIfAny();
        var userId = Guid.Parse(request.UserId);
        var caller = context.GetCaller();
        if (!caller.IsUser(userId) && !caller.IsServiceAccount)
            throw GrpcErrors.Forbidden("You may read only your own notifications.");
        var pageSize = Paging.PageSize(request.PageSize);
        var before = Paging.After(request.PageToken);

        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var fetched = await mine
            .Where(n => !request.UnreadOnly || n.ReadAt == null)
            .Where(n => before == null || n.Id < before)
            .OrderByDescending(n => n.Id)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);
        var (page, next) = Paging.Split(fetched, pageSize, n => n.Id);
        var unread = await mine.CountAsync(n => n.ReadAt == null, context.CancellationToken);
        return new ListNotificationsResponse { Notifications = { page.Select(ToProto) }, NextPageToken = next, UnreadCount = unread };
    }

    private static Protos.Notifications.V1.Notification ToProto(Notification notification) => new()
    {
        Id = notification.Id.ToString(),
        UserId = notification.UserId.ToString(),
        Type = System.Enum.TryParse<NotificationType>(notification.Type, out var type) ? type : NotificationType.System,
        Subject = notification.Subject,
        Body = notification.Body,
        Link = notification.Link,
        Read = notification.ReadAt is not null,
        CreatedAt = Timestamp.FromDateTimeOffset(notification.CreatedAt),
        ReadAt = notification.ReadAt is { } read ? Timestamp.FromDateTimeOffset(read) : null,
    };
}
