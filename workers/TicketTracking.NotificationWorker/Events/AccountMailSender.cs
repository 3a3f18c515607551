using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Protos.Notifications.V1;

namespace TicketTracking.NotificationWorker.Events;

/// <summary>
/// Turns an Auth account event into one <c>SendEmail</c>: the event's fields are the template's data, the event id
/// the idempotency key. The payload carries a link or code that works as a credential, so nothing here logs it.
/// </summary>
public sealed class AccountMailSender(EmailService.EmailServiceClient email)
{
    // snake_case names as the templates use them, and every field present, so an empty one renders as empty.
    private static readonly JsonFormatter Fields = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true));

    public async Task<HandlerResult> SendAsync(
        string templateKey, IMessage payload, string toAddress, string toName, string userId, EventContext context, CancellationToken cancellationToken)
    {
        try
        {
            await email.SendEmailAsync(new SendEmailRequest
            {
                TemplateKey = templateKey,
                Data = Struct.Parser.ParseJson(Fields.Format(payload)),
                ToAddress = toAddress,
                ToName = toName,
                UserId = userId,
                // Account mails leave notification_type unset: they are always sent.
                IdempotencyKey = context.EventId.ToString(),
            }, cancellationToken: cancellationToken);
            return HandlerResult.Success;
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            return HandlerResult.Retry;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.InvalidArgument)
        {
            // The event cannot make a mail (e.g. no address): retrying cannot help.
            return HandlerResult.Drop;
        }
    }
}
