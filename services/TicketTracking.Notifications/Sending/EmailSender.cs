using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketTracking.Notifications.Data;
using TicketTracking.Notifications.Domain;
using TicketTracking.ServiceDefaults.Data;

namespace TicketTracking.Notifications.Sending;

/// <summary>
/// Delivers due mail (QUEUED, or RETRYING whose time has come) over SMTP. Each mail is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> in its own transaction, held while it is sent, so replicas share the queue and never
/// send one mail twice. Wakes on the queue trigger's NOTIFY, otherwise when the next retry is due or the poll
/// interval passes.
/// </summary>
internal sealed partial class EmailSender(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> database,
    IOptions<SmtpOptions> smtp,
    IOptions<EmailDeliveryOptions> delivery,
    TimeProvider clock,
    ILogger<EmailSender> logger) : BackgroundService
{
    private static readonly TimeSpan RestartWait = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendWhileListeningAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogSenderFailed(logger, error);
            }
            await Task.Delay(RestartWait, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task SendWhileListeningAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {EmailQueueTrigger.NotifyChannel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = await SendDueAsync(stoppingToken);
            await connection.WaitAsync(wait, stoppingToken);
        }
    }

    /// <returns>How long to wait for a NOTIFY before looking again.</returns>
    private async Task<TimeSpan> SendDueAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await using var mailer = new SmtpMailer(smtp.Value);
        while (await SendNextAsync(db, mailer, cancellationToken))
            db.ChangeTracker.Clear();

        var nextDue = await db.Emails
            .Where(e => e.Status == DeliveryStatus.Queued || e.Status == DeliveryStatus.Retrying)
            .MinAsync(e => e.NextAttemptAt, cancellationToken);
        var poll = delivery.Value.PollInterval;
        if (nextDue is null)
            return poll;
        var untilDue = nextDue.Value - clock.GetUtcNow();
        return untilDue <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : untilDue < poll ? untilDue : poll;
    }

    /// <returns>False when nothing was due (or everything due is being sent by another replica).</returns>
    private async Task<bool> SendNextAsync(NotificationsDbContext db, SmtpMailer mailer, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.UtcNowForDatabase();
        var claimed = await db.Emails.FromSql($"""
            SELECT * FROM emails
            WHERE status IN ('Queued', 'Retrying') AND next_attempt_at <= {now}
            ORDER BY next_attempt_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (claimed is not [var email])
            return false;

        var failure = await mailer.TrySendAsync(email, cancellationToken);
        var settings = delivery.Value;
        now = clock.UtcNowForDatabase();
        if (failure is null)
        {
            email.MarkSent(now);
            LogSent(logger, email.Id, email.TemplateKey);
        }
        else
        {
            var retryAfter = settings.RetryDelay(email.Attempts + 1);
            email.MarkAttemptFailed(failure.Error, failure.Permanent, settings.MaxAttempts, retryAfter, now);
            LogAttemptFailed(logger, email.Id, email.Attempts, email.Status, failure.Error);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The email sender stopped; restarting.")]
    private static partial void LogSenderFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {EmailId} ({TemplateKey}) sent.")]
    private static partial void LogSent(ILogger logger, Guid emailId, string templateKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending mail {EmailId} failed (attempt {Attempts}, now {Status}): {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid emailId, int attempts, DeliveryStatus status, string error);
}
