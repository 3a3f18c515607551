using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.Tickets.Data;
using TicketTracking.Tickets.Domain;
using Attachment = TicketTracking.Tickets.Domain.Attachment;
using Ticket = TicketTracking.Tickets.Domain.Ticket;
using TicketHistoryEntry = TicketTracking.Tickets.Domain.TicketHistoryEntry;
using TicketHistoryKind = TicketTracking.Tickets.Domain.TicketHistoryKind;
using TicketStatus = TicketTracking.Tickets.Domain.TicketStatus;

namespace TicketTracking.Tickets.Grpc;

/// <summary>
/// Files on a ticket: streamed in with size and type checked as the bytes arrive, kept once per SHA-256 on the media
/// volume (<see cref="MediaStore"/>), streamed back out. Whoever may read a ticket may attach to it and read its
/// attachments; internal ones are for staff, as internal notes are.
/// </summary>
public sealed class AttachmentGrpcService(TicketsDbContext db, MediaStore media, IOptions<TicketsOptions> options, TimeProvider clock)
    : AttachmentService.AttachmentServiceBase
{
    public const int MaxChunkBytes = 64 * 1024;

    public override async Task<UploadAttachmentResponse> UploadAttachment(IAsyncStreamReader<UploadAttachmentRequest> requestStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellationToken) || requestStream.Current.PartCase != UploadAttachmentRequest.PartOneofCase.Metadata)
            throw GrpcErrors.InvalidArgument("metadata", "the first message must carry the attachment's metadata.");
        var metadata = requestStream.Current.Metadata;
        var limit = options.Value.MaxAttachmentBytes;
        var fileName = Attachment.CleanFileName(metadata.FileName);
        new FieldViolations()
            .Check(fileName is not null, "metadata.file_name", "must be a file name.")
            .Check(metadata.SizeBytes >= 0, "metadata.size_bytes", "must not be negative (0 when not known).")
            .ThrowIfAny();
        if (metadata.SizeBytes > limit)
            throw TooLarge(limit);
        var (ticket, caller) = await db.FindReadableTicketAsync(metadata.TicketNumber, context, "metadata.ticket_number", tracked: false);
        if (metadata.Internal && !TicketPermissions.MayReadInternal(caller, ticket))
            throw GrpcErrors.Forbidden("Only staff working the ticket may attach internal files.");
        if (ticket.Status is TicketStatus.Closed or TicketStatus.Rejected or TicketStatus.Withdrawn)
            throw GrpcErrors.FailedPrecondition("status", $"The ticket is {ticket.Status}: reopen it before attaching files.", "TICKET_CLOSED");

        var content = new AttachmentContent(options.Value.AllowedTypes);
        await using var incoming = media.Receive();
        while (await requestStream.MoveNext(cancellationToken))
        {
            var chunk = requestStream.Current.Chunk;
            if (requestStream.Current.PartCase != UploadAttachmentRequest.PartOneofCase.Chunk || chunk.Length > MaxChunkBytes)
                throw GrpcErrors.InvalidArgument("chunk", $"every message after the first must carry a chunk of at most {MaxChunkBytes} bytes.");
            if (incoming.Length + chunk.Length > limit)
                throw TooLarge(limit);
            if (metadata.SizeBytes > 0 && incoming.Length + chunk.Length > metadata.SizeBytes)
                throw GrpcErrors.InvalidArgument("metadata.size_bytes", "the content is longer than declared.");
            if (!content.Accept(chunk.Span))
                throw NotAllowedType();
            await incoming.WriteAsync(chunk.Memory, cancellationToken);
        }
        new FieldViolations()
            .Check(incoming.Length > 0, "chunk", "the file is empty.")
            .Check(metadata.SizeBytes == 0 || incoming.Length == metadata.SizeBytes, "metadata.size_bytes", "the content is shorter than declared.")
            .ThrowIfAny();
        var contentType = content.Finish(fileName!, incoming.OpenWritten) ?? throw NotAllowedType();
        var size = incoming.Length;
        var sha256 = await incoming.CommitAsync(cancellationToken);

        // The content is in place before the row that points at it: a failure here leaves an unreferenced file
        // (reused by the next identical upload), never a row without its content.
        var now = clock.UtcNowForDatabase();
        var attachment = Attachment.Create(ticket.Id, fileName!, contentType, size, sha256, caller.Id, metadata.Internal, now);
        db.Attachments.Add(attachment);
        db.History.Add(TicketHistoryEntry.Record(ticket.Id, TicketHistoryKind.AttachmentAdded, "attachments", "", attachment.FileName, "", caller.Id, now, attachment.Internal));
        await db.SaveChangesAsync(cancellationToken);
        return new UploadAttachmentResponse { Attachment = ToProto(attachment, ticket) };
    }

    public override async Task DownloadAttachment(DownloadAttachmentRequest request, IServerStreamWriter<DownloadAttachmentResponse> responseStream, ServerCallContext context)
    {
        var (attachment, ticket) = await FindAsync(request.Id, request.TicketNumber, context);
        await using var content = media.OpenRead(attachment.Sha256)
            ?? throw new RpcException(new global::Grpc.Core.Status(StatusCode.DataLoss, "The attachment's content is missing from the media volume."));
        await responseStream.WriteAsync(new DownloadAttachmentResponse { Metadata = ToProto(attachment, ticket) }, context.CancellationToken);
        var buffer = new byte[MaxChunkBytes];
        int read;
        while ((read = await content.ReadAsync(buffer, context.CancellationToken)) > 0)
            await responseStream.WriteAsync(new DownloadAttachmentResponse { Chunk = ByteString.CopyFrom(buffer, 0, read) }, context.CancellationToken);
    }

    public override async Task<GetAttachmentResponse> GetAttachment(GetAttachmentRequest request, ServerCallContext context)
    {
        var (attachment, ticket) = await FindAsync(request.Id, request.TicketNumber, context);
        return new GetAttachmentResponse { Attachment = ToProto(attachment, ticket) };
    }

    public override async Task<ListAttachmentsResponse> ListAttachments(ListAttachmentsRequest request, ServerCallContext context)
    {
        var (ticket, caller) = await db.FindReadableTicketAsync(request.TicketNumber, context, "ticket_number", tracked: false);
        var staff = TicketPermissions.MayReadInternal(caller, ticket);
        var attachments = await db.Attachments.AsNoTracking()
            .Where(a => a.TicketId == ticket.Id && (staff || !a.Internal))
            .OrderBy(a => a.Id)
            .ToListAsync(context.CancellationToken);
        return new ListAttachmentsResponse { Attachments = { attachments.Select(a => ToProto(a, ticket)) } };
    }

    /// <summary>The attachment if it is on that ticket and the caller may see it; otherwise it is answered as missing.</summary>
    private async Task<(Attachment Attachment, Ticket Ticket)> FindAsync(string id, string ticketNumber, ServerCallContext context)
    {
        new FieldViolations().Uuid("id", id).ThrowIfAny();
        var (ticket, caller) = await db.FindReadableTicketAsync(ticketNumber, context, "ticket_number", tracked: false);
        var attachmentId = Guid.Parse(id);
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.TicketId == ticket.Id, context.CancellationToken);
        if (attachment is null || (attachment.Internal && !TicketPermissions.MayReadInternal(caller, ticket)))
            throw GrpcErrors.NotFound("Attachment", id);
        return (attachment, ticket);
    }

    private static RpcException TooLarge(long limit) => GrpcErrors.Build(
        Code.ResourceExhausted, $"Attachments may be at most {limit / (1024 * 1024.0):0.#} MB.", "ATTACHMENT_TOO_LARGE",
        Any.Pack(new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = "attachment size", Description = $"at most {limit} bytes" } } }));

    private RpcException NotAllowedType() => GrpcErrors.InvalidArgument(
        "chunk", $"this kind of file cannot be attached (judged by its content, not its name); allowed: {string.Join(", ", options.Value.AllowedTypes)}.",
        "ATTACHMENT_TYPE_NOT_ALLOWED");

    private static Protos.Tickets.V1.Attachment ToProto(Attachment attachment, Ticket ticket) => new()
    {
        Id = attachment.Id.ToString(),
        TicketNumber = ticket.DisplayNumber,
        FileName = attachment.FileName,
        ContentType = attachment.ContentType,
        SizeBytes = attachment.SizeBytes,
        Sha256 = attachment.Sha256,
        UploadedById = attachment.UploadedById.ToString(),
        Internal = attachment.Internal,
        CreatedAt = Timestamp.FromDateTimeOffset(attachment.CreatedAt),
    };
}
