using System.Net.Mail;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing.Inbox;
using TicketTracking.Notifications.Data;
using TicketTracking.Notifications.Domain;
using TicketTracking.Notifications.Templates;
using TicketTracking.Protos.Notifications.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using Email = TicketTracking.Notifications.Domain.Email;

namespace TicketTracking.Notifications.Grpc;

public sealed class EmailGrpcService(NotificationsDbContext db, EmailRenderer renderer, TimeProvider clock) : EmailService.EmailServiceBase
{
    public override async Task<SendEmailResponse> SendEmail(SendEmailRequest request, ServerCallContext context)
    {
        new FieldViolations()
            .Required("template_key", request.TemplateKey)
            .Check(request.TemplateKey.Length == 0 || EmailRenderer.IsKnown(request.TemplateKey), "template_key",
                $"is not a known template (one of: {string.Join(", ", BuiltInTemplates.ByKey.Keys)}).")
            .Required("to_address", request.ToAddress)
            .MaxLength("to_address", request.ToAddress, Email.MaxAddressLength)
            .Check(request.ToAddress.Length == 0 || IsEmailAddress(request.ToAddress), "to_address", "must be an email address.")
            .MaxLength("to_name", request.ToName, Email.MaxNameLength)
            .MaxLength("idempotency_key", request.IdempotencyKey, Inbox.MaxMessageIdLength)
            .Uuid("user_id", request.UserId, required: false)
            .Check(System.Enum.IsDefined(request.NotificationType), "notification_type", "must be a notification type.")
            .ThrowIfAny();

        var key = request.IdempotencyKey;
        if (key.Length > 0 && await EarlierResult(key, context.CancellationToken) is { } earlier)
            return new SendEmailResponse { Email = ToProto(earlier) };

        // notification_type is accepted but suppresses nothing yet: per-user email preferences do not exist so far.
        // When they land, a user who turned email off for the type gets suppressed = true and no mail.
        var now = clock.UtcNowForDatabase();
        var userId = Ids.Optional(request.UserId);
        Email email;
        try
        {
            var content = await renderer.RenderAsync(request.TemplateKey, request.Data);
            email = Email.Queue(request.TemplateKey, request.ToAddress, request.ToName, content, key, userId, now);
        }
        catch (EmailRenderingException error)
        {
            email = Email.NotRendered(request.TemplateKey, request.ToAddress, request.ToName, error.Message, key, userId, now);
        }
        db.Emails.Add(email);
        if (key.Length > 0)
            db.RecordHandled(nameof(SendEmail), key, email.Id, now);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException) when (key.Length > 0)
        {
            // The same call twice at once: the other one's transaction won, and its mail stands.
            db.ChangeTracker.Clear();
            var concurrent = await EarlierResult(key, context.CancellationToken) ?? throw new InvalidOperationException(
                $"Saving the mail for '{key}' failed, and no earlier handling of that key exists.");
            return new SendEmailResponse { Email = ToProto(concurrent) };
        }
        return new SendEmailResponse { Email = ToProto(email) };
    }

    private static bool IsEmailAddress(string value) =>
        MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim() && address.DisplayName.Length == 0;

    /// <summary>The mail an earlier call with the same idempotency key queued.</summary>
    private async Task<Email?> EarlierResult(string key, CancellationToken cancellationToken) =>
        await db.FindHandledAsync(nameof(SendEmail), key, cancellationToken) is { ResultId: { } id }
            ? await db.Emails.AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken)
            : null;

    public override async Task<GetEmailResponse> GetEmail(GetEmailRequest request, ServerCallContext context)
    {
        new FieldViolations().Uuid("id", request.Id).ThrowIfAny();
        var email = await Find(request.Id, tracking: false, context.CancellationToken);
        return new GetEmailResponse { Email = ToProto(email) };
    }

    public override async Task<ListFailedEmailsResponse> ListFailedEmails(ListFailedEmailsRequest request, ServerCallContext context)
    {
        var pageSize = Paging.PageSize(request.PageSize);
        var before = Paging.After(request.PageToken);
        // Case-insensitive and literal: an address may contain LIKE's wildcards.
        var toAddress = request.ToAddress.Trim().Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

        var fetched = await db.Emails.AsNoTracking()
            .Where(e => e.Status == DeliveryStatus.Failed)
            .Where(e => toAddress.Length == 0 || EF.Functions.ILike(e.ToAddress, toAddress, @"\"))
            .Where(e => before == null || e.Id < before)
            .OrderByDescending(e => e.Id)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);
        var (page, next) = Paging.Split(fetched, pageSize, e => e.Id);
        return new ListFailedEmailsResponse { Emails = { page.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<RetryEmailResponse> RetryEmail(RetryEmailRequest request, ServerCallContext context)
    {
        new FieldViolations().Uuid("id", request.Id).ThrowIfAny();
        var email = await Find(request.Id, tracking: true, context.CancellationToken);
        if (email.Status != DeliveryStatus.Failed)
            throw GrpcErrors.Build(Code.FailedPrecondition, $"Mail '{request.Id}' is {email.Status}: only a failed mail can be retried.", "EMAIL_NOT_FAILED");
        if (!email.HasContent)
            throw GrpcErrors.Build(Code.FailedPrecondition, $"Mail '{request.Id}' was never rendered ({email.LastError}): sending it again cannot help.", "EMAIL_NOT_RENDERED");

        email.Requeue(clock.UtcNowForDatabase());
        await db.SaveChangesAsync(context.CancellationToken);
        return new RetryEmailResponse { Email = ToProto(email) };
    }

    private async Task<Email> Find(string id, bool tracking, CancellationToken cancellationToken)
    {
        var emails = tracking ? db.Emails : db.Emails.AsNoTracking();
        return await emails.FirstOrDefaultAsync(e => e.Id == Guid.Parse(id), cancellationToken)
            ?? throw GrpcErrors.NotFound("Mail", id);
    }

    private static Protos.Notifications.V1.Email ToProto(Email email) => new()
    {
        Id = email.Id.ToString(),
        TemplateKey = email.TemplateKey,
        ToAddress = email.ToAddress,
        ToName = email.ToName,
        Subject = email.Subject,
        Status = email.Status switch
        {
            DeliveryStatus.Queued => EmailStatus.Queued,
            DeliveryStatus.Retrying => EmailStatus.Retrying,
            DeliveryStatus.Sent => EmailStatus.Sent,
            DeliveryStatus.Failed => EmailStatus.Failed,
            _ => EmailStatus.Unspecified,
        },
        Attempts = email.Attempts,
        LastError = email.LastError ?? "",
        NextAttemptAt = email.NextAttemptAt is { } next ? Timestamp.FromDateTimeOffset(next) : null,
        CreatedAt = Timestamp.FromDateTimeOffset(email.CreatedAt),
        SentAt = email.SentAt is { } sent ? Timestamp.FromDateTimeOffset(sent) : null,
        IdempotencyKey = email.IdempotencyKey,
        Version = email.Version,
    };
}
