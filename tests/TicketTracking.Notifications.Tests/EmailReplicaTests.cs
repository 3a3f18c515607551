using TicketTracking.Protos.Notifications.V1;
using TicketTracking.Testing;

namespace TicketTracking.Notifications.Tests;

public sealed class EmailReplicaTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Fact]
    public async Task Two_replicas_share_the_queue_and_send_each_mail_once()
    {
        await using var replica = factory.Replica();
        var clients = new[] { new EmailService.EmailServiceClient(factory.Channel), new EmailService.EmailServiceClient(replica.Channel) };
        var recipients = Enumerable.Range(0, 20).Select(_ => SmtpSink.NewRecipient()).ToList();

        var queued = await Task.WhenAll(recipients.Select(async (to, i) =>
            (await clients[i % 2].SendEmailAsync(AccountMail.PasswordReset(to))).Email.Id));

        await Eventually.Until(async () =>
        {
            var states = await Task.WhenAll(queued.Select(async id => (await clients[0].GetEmailAsync(new GetEmailRequest { Id = id })).Email));
            return states.All(e => e.Status == EmailStatus.Sent);
        }, TimeSpan.FromSeconds(20));
        foreach (var to in recipients)
            (await SmtpSink.DeliveredToAsync(to)).Count.ShouldBe(1, to);
    }
}
