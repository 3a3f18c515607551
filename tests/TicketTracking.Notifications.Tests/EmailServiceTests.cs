using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Protos.Notifications.V1;
using TicketTracking.Testing;

namespace TicketTracking.Notifications.Tests;

public sealed class EmailServiceTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(15);
    private readonly EmailService.EmailServiceClient _client = new(factory.Channel);

    private async Task<Email> WaitForStatus(string id, EmailStatus status)
    {
        Email? email = null;
        await Eventually.Until(async () =>
            (email = (await _client.GetEmailAsync(new GetEmailRequest { Id = id })).Email).Status == status, Delivery);
        return email!;
    }

    [Fact]
    public async Task A_queued_mail_arrives_rendered_from_its_template()
    {
        var to = SmtpSink.NewRecipient();

        var queued = (await _client.SendEmailAsync(AccountMail.PasswordReset(to))).Email;

        queued.Status.ShouldBe(EmailStatus.Queued);
        queued.Subject.ShouldBe("Reset your TicketTracking password");
        var sent = await WaitForStatus(queued.Id, EmailStatus.Sent);
        sent.Attempts.ShouldBe(1);
        sent.SentAt.ShouldNotBeNull();
        var message = (await SmtpSink.DeliveredToAsync(to)).ShouldHaveSingleItem();
        message.Subject.ShouldBe("Reset your TicketTracking password");
        var text = await SmtpSink.PlainTextAsync(message.Id);
        text.ShouldContain("Hello Ada Lovelace,");
        text.ShouldContain(AccountMail.ResetUrl);
        text.ShouldContain("Someone at 203.0.113.7 asked to reset your password.");
        text.ShouldContain("expires on 2 January 2030, 03:04 UTC");
        (await SmtpSink.HtmlAsync(message.Id)).ShouldContain($"<a href=\"{AccountMail.ResetUrl}\">");
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_queues_and_delivers_one_mail()
    {
        var to = SmtpSink.NewRecipient();
        var key = Guid.CreateVersion7().ToString();

        var first = (await _client.SendEmailAsync(AccountMail.PasswordReset(to, key))).Email;
        var again = (await _client.SendEmailAsync(AccountMail.PasswordReset(to, key))).Email;

        again.Id.ShouldBe(first.Id);
        again.IdempotencyKey.ShouldBe(key);
        await WaitForStatus(first.Id, EmailStatus.Sent);
        (await SmtpSink.DeliveredToAsync(to)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_same_call_made_twice_at_once_delivers_one_mail()
    {
        var to = SmtpSink.NewRecipient();
        var key = Guid.CreateVersion7().ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            (await _client.SendEmailAsync(AccountMail.PasswordReset(to, key))).Email));

        var id = results.Select(e => e.Id).Distinct().ShouldHaveSingleItem();
        (await factory.WithDatabase(db => db.Emails.CountAsync(e => e.ToAddress == to))).ShouldBe(1);
        await WaitForStatus(id, EmailStatus.Sent);
        (await SmtpSink.DeliveredToAsync(to)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Bad_input_names_every_bad_field()
    {
        var error = await Should.ThrowAsync<RpcException>(() => _client.SendEmailAsync(new SendEmailRequest
        {
            TemplateKey = "",
            ToAddress = "not an address",
            UserId = "x",
            IdempotencyKey = new string('k', 101),
        }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.ViolatedFields().ShouldBe(["template_key", "to_address", "idempotency_key", "user_id"]);
    }

    [Fact]
    public async Task An_unknown_template_is_rejected_naming_template_key()
    {
        var request = AccountMail.PasswordReset(SmtpSink.NewRecipient());
        request.TemplateKey = "no-such-template";

        var error = await Should.ThrowAsync<RpcException>(() => _client.SendEmailAsync(request).ResponseAsync);

        error.ViolatedFields().ShouldBe(["template_key"]);
    }

    [Fact]
    public async Task Data_that_does_not_fit_the_template_fails_the_mail_with_the_reason_instead_of_sending_it()
    {
        var to = SmtpSink.NewRecipient();
        var request = AccountMail.PasswordReset(to);
        request.Data.Fields.Remove("reset_url");

        var email = (await _client.SendEmailAsync(request)).Email;

        email.Status.ShouldBe(EmailStatus.Failed);
        email.LastError.ShouldContain("reset_url");
        (await _client.ListFailedEmailsAsync(new ListFailedEmailsRequest { ToAddress = to })).Emails
            .ShouldHaveSingleItem().Id.ShouldBe(email.Id);
        var retry = await Should.ThrowAsync<RpcException>(() => _client.RetryEmailAsync(new RetryEmailRequest { Id = email.Id }).ResponseAsync);
        retry.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
    }

    [Fact]
    public async Task Values_are_html_encoded_in_the_html_part_only()
    {
        var to = SmtpSink.NewRecipient();
        var request = AccountMail.PasswordReset(to);
        request.Data.Fields["display_name"] = Value.ForString("<b>Eve</b>");

        var email = (await _client.SendEmailAsync(request)).Email;

        await WaitForStatus(email.Id, EmailStatus.Sent);
        var message = (await SmtpSink.DeliveredToAsync(to)).ShouldHaveSingleItem();
        (await SmtpSink.PlainTextAsync(message.Id)).ShouldContain("Hello <b>Eve</b>,");
        var html = await SmtpSink.HtmlAsync(message.Id);
        html.ShouldContain("Hello &lt;b&gt;Eve&lt;/b&gt;,");
        html.ShouldNotContain("<b>Eve</b>");
    }

    [Fact]
    public async Task A_mail_that_does_not_exist_is_not_found()
    {
        var error = await Should.ThrowAsync<RpcException>(() =>
            _client.GetEmailAsync(new GetEmailRequest { Id = Guid.CreateVersion7().ToString() }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
    }
}
