using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using TicketTracking.Protos.Notifications.V1;
using TicketTracking.Testing;

namespace TicketTracking.Notifications.Tests;

/// <summary>The service with its SMTP server unreachable (a closed port), trying three times half a second apart.</summary>
public sealed class UnreachableSmtpFactory : NotificationsFactory
{
    public const int MaxAttempts = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.SendThroughSink(ClosedPort());
        builder.UseSetting("Email:MaxAttempts", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:RetryBaseDelay", "00:00:00.5");
        builder.UseSetting("Email:MaxRetryDelay", "00:00:01");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class EmailRetryTests(UnreachableSmtpFactory factory) : IClassFixture<UnreachableSmtpFactory>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private static async Task<Email> WaitFor(EmailService.EmailServiceClient client, string id, Func<Email, bool> condition)
    {
        Email? email = null;
        await Eventually.Until(async () => condition(email = (await client.GetEmailAsync(new GetEmailRequest { Id = id })).Email), Within);
        return email!;
    }

    [Fact]
    public async Task An_unreachable_server_is_retried_then_the_mail_fails_is_listed_and_an_admin_retry_sends_it()
    {
        var client = new EmailService.EmailServiceClient(factory.Channel);
        var to = SmtpSink.NewRecipient();
        var queued = (await client.SendEmailAsync(AccountMail.PasswordReset(to))).Email;

        var retrying = await WaitFor(client, queued.Id, e => e.Status == EmailStatus.Retrying);
        retrying.Attempts.ShouldBeGreaterThanOrEqualTo(1);
        retrying.LastError.ShouldNotBeNullOrWhiteSpace();
        retrying.NextAttemptAt.ShouldNotBeNull();

        var failed = await WaitFor(client, queued.Id, e => e.Status == EmailStatus.Failed);
        failed.Attempts.ShouldBe(UnreachableSmtpFactory.MaxAttempts);
        failed.LastError.ShouldNotBeNullOrWhiteSpace();
        failed.NextAttemptAt.ShouldBeNull();
        var listed = (await client.ListFailedEmailsAsync(new ListFailedEmailsRequest { ToAddress = to.ToUpperInvariant() })).Emails;
        listed.ShouldHaveSingleItem().Id.ShouldBe(queued.Id);
        (await SmtpSink.MessagesToAsync(to)).ShouldBeEmpty();

        // The server is back: this replica reaches it, and the unreachable one steps aside.
        await factory.StopHostAsync();
        await using var replica = factory.Replica();
        var replicaClient = new EmailService.EmailServiceClient(replica.Channel);
        var requeued = (await replicaClient.RetryEmailAsync(new RetryEmailRequest { Id = queued.Id })).Email;
        requeued.Status.ShouldBe(EmailStatus.Queued);
        requeued.Attempts.ShouldBe(0);

        var sent = await WaitFor(replicaClient, queued.Id, e => e.Status == EmailStatus.Sent);
        sent.Attempts.ShouldBe(1);
        (await SmtpSink.DeliveredToAsync(to)).ShouldHaveSingleItem();
        (await replicaClient.ListFailedEmailsAsync(new ListFailedEmailsRequest { ToAddress = to })).Emails.ShouldBeEmpty();
    }
}
