using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Messaging.Data;
using TicketTracking.Messaging.Domain;
using TicketTracking.Protos.Messaging.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using Message = TicketTracking.Messaging.Domain.Message;

namespace TicketTracking.Messaging.Grpc;

public sealed class MessageGrpcService(MessagingDbContext db, TicketAccess tickets, TimeProvider clock) : MessageService.MessageServiceBase
{
    public override async Task<PostMessageResponse> PostMessage(PostMessageRequest request, ServerCallContext context)
    {
        new FieldViolations()
            .Check(Message.IsTicketNumber(request.TicketNumber), "ticket_number", "must be a ticket number such as TT-000123.")
            .Uuid("author_id", request.AuthorId)
            .Required("body", request.Body)
            .MaxLength("body", request.Body, Message.MaxBodyLength)
            .Check(request.Visibility is Visibility.Public or Visibility.Internal, "visibility", "must be PUBLIC or INTERNAL.")
            .MaxLength("idempotency_key", request.IdempotencyKey, Message.MaxIdempotencyKeyLength)
            .ThrowIfAny();
        var caller = context.GetCaller();
        if (!caller.IsServiceAccount && !caller.IsUser(Guid.Parse(request.AuthorId)))
            throw GrpcErrors.Forbidden("You may post only as yourself.");
        var access = await tickets.CheckAsync(request.TicketNumber, context.CancellationToken);
        if (request.Visibility == Visibility.Internal && !access.CanReadInternal)
            throw GrpcErrors.Forbidden("Internal notes are for the staff working the ticket.");

        if (!string.IsNullOrEmpty(request.IdempotencyKey)
            && await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.IdempotencyKey == request.IdempotencyKey, context.CancellationToken) is { } earlier)
            return new PostMessageResponse { Message = ToProto(earlier) };

        var message = Message.Post(
            request.TicketNumber,
            Guid.Parse(request.AuthorId),
            request.Body,
            request.Visibility == Visibility.Internal ? MessageVisibility.Internal : MessageVisibility.Public,
            request.IdempotencyKey,
            clock.UtcNowForDatabase());
        db.Messages.Add(message);
        await db.SaveChangesAsync(context.CancellationToken);
        return new PostMessageResponse { Message = ToProto(message) };
    }

    public override async Task<ListMessagesResponse> ListMessages(ListMessagesRequest request, ServerCallContext context)
    {
        if (!Message.IsTicketNumber(request.TicketNumber))
            throw GrpcErrors.InvalidArgument("ticket_number", "must be a ticket number such as TT-000123.");
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.After(request.PageToken);
        var ticketNumber = request.TicketNumber.ToUpperInvariant();
        var access = await tickets.CheckAsync(ticketNumber, context.CancellationToken);
        if (request.IncludeInternal && !access.CanReadInternal)
            throw GrpcErrors.Forbidden("Internal notes are for the staff working the ticket.");

        var fetched = await db.Messages.AsNoTracking()
            .Where(m => m.TicketNumber == ticketNumber && !m.Deleted)
            .Where(m => request.IncludeInternal || m.Visibility == MessageVisibility.Public)
            .Where(m => after == null || m.Id > after)
            .OrderBy(m => m.Id)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);
        var (page, next) = Paging.Split(fetched, pageSize, m => m.Id);
        return new ListMessagesResponse { Messages = { page.Select(ToProto) }, NextPageToken = next };
    }

    private static Protos.Messaging.V1.Message ToProto(Message message) => new()
    {
        Id = message.Id.ToString(),
        TicketNumber = message.TicketNumber,
        AuthorId = message.AuthorId.ToString(),
        Body = message.Body,
        Visibility = message.Visibility == MessageVisibility.Internal ? Visibility.Internal : Visibility.Public,
        CreatedAt = Timestamp.FromDateTimeOffset(message.CreatedAt),
        EditedAt = message.EditedAt is { } edited ? Timestamp.FromDateTimeOffset(edited) : null,
        Deleted = message.Deleted,
        Version = message.Version,
    };
}
