using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing;
using TicketTracking.Notifications.Domain;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Testing;

namespace TicketTracking.NotificationWorker.Tests;

/// <summary>Auth's account events, delivered as daprd delivers them, become one mail each, sent through the sink.</summary>
public sealed class AccountMailDeliveryTests(DaprWorkerFactory factory) : IClassFixture<DaprWorkerFactory>
{
    private static readonly Timestamp Expires = Timestamp.FromDateTimeOffset(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private async Task<string?> Deliver(string topic, IMessage payload, Guid eventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/events/{topic}")
        {
            Content = new ByteArrayContent(CloudEventEnvelope.Encode(eventId, "auth", payload, DateTimeOffset.UtcNow)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventEnvelope.ContentType);
        request.Headers.Add("dapr-api-token", DaprWorkerFactory.AppToken);
        using var response = await factory.CreateClient().SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    private Task<List<Email>> MailsTo(string address) =>
        factory.Notifications.WithDatabase(db => db.Emails.AsNoTracking().Where(e => e.ToAddress == address).ToListAsync());

    [Fact]
    public async Task A_password_reset_event_delivered_twice_sends_one_mail_with_the_link()
    {
        var to = SmtpSink.NewRecipient();
        var reset = new PasswordResetRequested
        {
            UserId = Guid.CreateVersion7().ToString(),
            Email = to,
            DisplayName = "Ada Lovelace",
            ResetUrl = "https://tickets.example.test/reset?token=worker-token",
            ExpiresAt = Expires,
            RequestedFromIp = "198.51.100.4",
        };
        var eventId = Guid.CreateVersion7();

        (await Deliver("password-reset-requested", reset, eventId)).ShouldBe("SUCCESS");
        (await Deliver("password-reset-requested", reset, eventId)).ShouldBe("SUCCESS");

        var mail = (await MailsTo(to)).ShouldHaveSingleItem();
        mail.TemplateKey.ShouldBe("password-reset");
        mail.IdempotencyKey.ShouldBe(eventId.ToString());
        mail.UserId.ShouldBe(Guid.Parse(reset.UserId));
        IReadOnlyList<SinkMessage> received = [];
        await Eventually.Until(async () => (received = await SmtpSink.MessagesToAsync(to)).Count > 0, TimeSpan.FromSeconds(15));
        var text = await SmtpSink.PlainTextAsync(received.ShouldHaveSingleItem().Id);
        text.ShouldContain("https://tickets.example.test/reset?token=worker-token");
        text.ShouldContain("Someone at 198.51.100.4 asked");
        text.ShouldContain("expires on 2 January 2030, 03:04 UTC");
    }

    public static TheoryData<string, string> AccountEvents => new()
    {
        { "user-invited", "user-invited" },
        { "otp-requested", "otp" },
        { "account-locked", "account-locked" },
    };

    [Theory]
    [MemberData(nameof(AccountEvents))]
    public async Task Each_account_event_queues_its_template(string topic, string templateKey)
    {
        var to = SmtpSink.NewRecipient();
        var user = Guid.CreateVersion7().ToString();
        IMessage payload = topic switch
        {
            "user-invited" => new UserInvited
            {
                UserId = user, Email = to, DisplayName = "Grace", InvitedByName = "Ada Admin",
                InvitationUrl = "https://tickets.example.test/invite?t=1", ExpiresAt = Expires,
            },
            "otp-requested" => new OtpRequested { UserId = user, Email = to, DisplayName = "Grace", Code = "493817", ExpiresAt = Expires },
            _ => new AccountLocked { UserId = user, Email = to, DisplayName = "Grace", LockedUntil = Expires, LastAttemptIp = "192.0.2.9" },
        };

        (await Deliver(topic, payload, Guid.CreateVersion7())).ShouldBe("SUCCESS");

        var mail = (await MailsTo(to)).ShouldHaveSingleItem();
        mail.TemplateKey.ShouldBe(templateKey);
        mail.Status.ShouldNotBe(DeliveryStatus.Failed, mail.LastError);
    }

    [Fact]
    public async Task An_event_without_an_address_is_dropped()
    {
        var reset = new PasswordResetRequested { UserId = Guid.CreateVersion7().ToString(), DisplayName = "Nobody", ResetUrl = "https://x.test/r" };

        (await Deliver("password-reset-requested", reset, Guid.CreateVersion7())).ShouldBe("DROP");
    }
}
