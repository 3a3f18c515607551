using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using TicketTracking.Notifications.Domain;

namespace TicketTracking.Notifications.Sending;

/// <summary>Why an attempt failed; permanent when the server refused the recipient for good (a 5xx answer).</summary>
public sealed record DeliveryFailure(string Error, bool Permanent);

/// <summary>
/// One SMTP session for a run of due mails: connects (and logs in) on the first mail and reuses the connection for
/// the rest; any failure other than a refused command drops the connection, so the next mail starts afresh.
/// </summary>
internal sealed class SmtpMailer(SmtpOptions options) : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly string _messageIdDomain = new System.Net.Mail.MailAddress(options.FromAddress!).Host;
    private SmtpClient? _client;

    /// <returns>Null when the server accepted the mail.</returns>
    public async Task<DeliveryFailure?> TrySendAsync(Email email, CancellationToken cancellationToken)
    {
        try
        {
            var client = await ConnectedAsync(cancellationToken);
            await client.SendAsync(Message(email), cancellationToken);
            return null;
        }
        catch (SmtpCommandException refused)
        {
            var permanent = refused.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)refused.StatusCode >= 500;
            return new DeliveryFailure($"{(int)refused.StatusCode} {refused.Message}", permanent);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            await DisconnectAsync();
            return new DeliveryFailure(error.Message, Permanent: false);
        }
    }

    private MimeMessage Message(Email email)
    {
        var message = new MimeMessage
        {
            Subject = email.Subject,
            // Stable per mail: a resend after a crash between the server's OK and our commit is recognisable.
            MessageId = $"{email.Id}@{_messageIdDomain}",
            Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress!));
        message.To.Add(new MailboxAddress(email.ToName, email.ToAddress));
        return message;
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
            return _client;
        await DisconnectAsync();
        var client = new SmtpClient { Timeout = (int)CommandTimeout.TotalMilliseconds };
        _client = client;
        await client.ConnectAsync(options.Host!, options.Port, options.SecureSocket, cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        return client;
    }

    private async Task DisconnectAsync()
    {
        if (_client is null)
            return;
        try
        {
            if (_client.IsConnected)
                await _client.DisconnectAsync(quit: true);
        }
        catch (Exception error) when (error is IOException or ServiceNotConnectedException or ProtocolException or OperationCanceledException)
        {
            // A broken connection may not close cleanly; it is discarded either way.
        }
        _client.Dispose();
        _client = null;
    }

    public async ValueTask DisposeAsync() => await DisconnectAsync();
}
