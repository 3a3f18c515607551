using Grpc.Core;
using Rest = TicketTracking.Protos.Bff.V1;
using Tickets = TicketTracking.Protos.Tickets.V1;

namespace TicketTracking.Bff.Grpc;

/// <summary>Attachment metadata as REST, passed to Tickets with the signed-in user's token (files: <see cref="Attachments.AttachmentEndpoints"/>).</summary>
public sealed class AttachmentApi(Tickets.AttachmentService.AttachmentServiceClient attachments) : Rest.AttachmentService.AttachmentServiceBase
{
    public override async Task<Tickets.ListAttachmentsResponse> ListAttachments(Tickets.ListAttachmentsRequest request, ServerCallContext context) =>
        await attachments.ListAttachmentsAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.GetAttachmentResponse> GetAttachment(Tickets.GetAttachmentRequest request, ServerCallContext context) =>
        await attachments.GetAttachmentAsync(request, cancellationToken: context.CancellationToken);
}
