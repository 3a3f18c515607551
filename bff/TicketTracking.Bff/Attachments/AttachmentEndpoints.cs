using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using TicketTracking.Bff.Responses;
using TicketTracking.Protos.Tickets.V1;

namespace TicketTracking.Bff.Attachments;

/// <summary>
/// Files on a ticket, streamed both ways between the browser and Tickets' gRPC streams, never held whole in the BFF:
/// <list type="bullet">
/// <item><c>POST /api/v1/tickets/{number}/attachments</c>: multipart/form-data, an optional <c>internal</c> part
/// (<c>true</c>, staff only) and then the <c>file</c> part. 201 with <c>{"attachment": {...}}</c>.</item>
/// <item><c>GET /api/v1/tickets/{number}/attachments/{id}/content</c>: the bytes, always as a download
/// (<c>Content-Disposition: attachment</c>, <c>X-Content-Type-Options: nosniff</c>, a sandboxing CSP), so an
/// uploaded file can never run as a page of this site.</item>
/// </list>
/// Tickets checks the size, the type (from the content) and who may see what; refusals come back as google.rpc.Status
/// JSON, a too-large file as 413.
/// </summary>
public static class AttachmentEndpoints
{
    private const int ChunkBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapAttachmentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/tickets/{number}/attachments", UploadAsync);
        endpoints.MapGet("/api/v1/tickets/{number}/attachments/{id}/content", DownloadAsync);
        return endpoints;
    }

    private static async Task UploadAsync(HttpContext http, string number, AttachmentService.AttachmentServiceClient attachments)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            await ApiErrors.Unauthenticated(http);
            return;
        }
        var boundary = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
        {
            await NoFileAsync(http, "send the file as multipart/form-data in a part named \"file\".");
            return;
        }

        var reader = new MultipartReader(boundary, http.Request.Body);
        var isInternal = false;
        while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (disposition.IsFileDisposition() && name == "file")
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                var metadata = new UploadAttachmentMetadata { TicketNumber = number, FileName = fileName, ContentType = section.ContentType ?? "", Internal = isInternal };
                await ForwardAsync(http, attachments, metadata, section.Body);
                return;
            }
            if (name == "internal")
                isInternal = bool.TryParse(await section.ReadAsStringAsync(http.RequestAborted), out var flag) && flag;
        }
        await NoFileAsync(http, "the form has no part named \"file\".");
    }

    private static async Task ForwardAsync(HttpContext http, AttachmentService.AttachmentServiceClient attachments, UploadAttachmentMetadata metadata, Stream file)
    {
        using var call = attachments.UploadAttachment(cancellationToken: http.RequestAborted);
        try
        {
            await call.RequestStream.WriteAsync(new UploadAttachmentRequest { Metadata = metadata }, http.RequestAborted);
            var buffer = new byte[ChunkBytes];
            int read;
            while ((read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, http.RequestAborted)) > 0)
                await call.RequestStream.WriteAsync(new UploadAttachmentRequest { Chunk = ByteString.CopyFrom(buffer, 0, read) }, http.RequestAborted);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception error) when (error is RpcException or InvalidOperationException)
        {
            // Tickets refused before the last byte (too large, wrong type): its answer below says why.
        }
        try
        {
            var response = await call.ResponseAsync;
            http.Response.StatusCode = StatusCodes.Status201Created;
            http.Response.Headers.Location = $"/api/v1/tickets/{Uri.EscapeDataString(response.Attachment.TicketNumber)}/attachments/{response.Attachment.Id}";
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonFormatter.Default.Format(response), http.RequestAborted);
        }
        catch (RpcException error)
        {
            await ApiErrors.WriteAsync(http, error, error.StatusCode == global::Grpc.Core.StatusCode.ResourceExhausted ? StatusCodes.Status413PayloadTooLarge : null);
        }
    }

    private static async Task DownloadAsync(HttpContext http, string number, string id, AttachmentService.AttachmentServiceClient attachments)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            await ApiErrors.Unauthenticated(http);
            return;
        }
        using var call = attachments.DownloadAttachment(new DownloadAttachmentRequest { Id = id, TicketNumber = number }, cancellationToken: http.RequestAborted);
        Attachment attachment;
        try
        {
            // The first message is the metadata: a refusal arrives before it, while a proper error response can still be sent.
            if (!await call.ResponseStream.MoveNext(http.RequestAborted) || call.ResponseStream.Current.PartCase != DownloadAttachmentResponse.PartOneofCase.Metadata)
                throw new RpcException(new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.Internal, "Tickets sent no attachment metadata."));
            attachment = call.ResponseStream.Current.Metadata;
        }
        catch (RpcException error)
        {
            await ApiErrors.WriteAsync(http, error);
            return;
        }

        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(attachment.FileName); // filename (ASCII fallback) and filename* (UTF-8), escaped
        var headers = http.Response.Headers;
        headers.ContentDisposition = disposition.ToString();
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-store";
        http.Response.ContentType = attachment.ContentType;
        http.Response.ContentLength = attachment.SizeBytes;
        try
        {
            while (await call.ResponseStream.MoveNext(http.RequestAborted))
                await http.Response.Body.WriteAsync(call.ResponseStream.Current.Chunk.Memory, http.RequestAborted);
        }
        catch (RpcException)
        {
            // Headers are gone: cut the connection so the browser reports a failed download, not a short file.
            http.Abort();
        }
    }

    private static Task NoFileAsync(HttpContext http, string description) => ApiErrors.WriteAsync(
        http, StatusCodes.Status400BadRequest, Code.InvalidArgument, $"file: {description}",
        new BadRequest.Types.FieldViolation { Field = "file", Description = description });
}
