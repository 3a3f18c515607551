using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketTracking.Testing;

namespace TicketTracking.SystemTests;

/// <summary>The browser's way in: nginx → BFF (cookie session, CSRF) → Auth, as the first administrator `make test` created.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task The_first_administrator_signs_in_through_the_front_door_files_a_ticket_and_signs_out_again()
    {
        var email = FrontDoorSession.AdminEmail;
        using var session = new FrontDoorSession();
        var http = session.Http;
        var ct = TestContext.Current.CancellationToken;

        var signedIn = await session.SignInAsync(email, FrontDoorSession.AdminPassword, ct);

        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK, await signedIn.Content.ReadAsStringAsync(ct));
        var me = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/me", UriKind.Relative), ct);
        me.GetProperty("roleNames").EnumerateArray().Select(r => r.GetString()).ShouldContain("Admin");
        var users = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/admin/users", UriKind.Relative), ct);
        users.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()).ShouldContain(email);

        var number = await FileTicketAsync(session, "Projector in room 4", ct);
        var mine = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/tickets?filter.scope=TICKET_SCOPE_REQUESTED_BY_ME&filter.query=projector", UriKind.Relative), ct);
        mine.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("number").GetString()).ShouldContain(number);

        (await session.PostJsonAsync("/api/v1/auth/logout", new { }, ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync(new Uri("/api/v1/me", UriKind.Relative), ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>Files a ticket in the IT department and returns its number.</summary>
    internal static async Task<string> FileTicketAsync(FrontDoorSession session, string subject, CancellationToken ct)
    {
        var filed = await session.PostJsonAsync("/api/v1/tickets", new { subject, description = "No signal.", departmentId = StackUnderTest.ItDepartment, priority = "PRIORITY_LOW" }, ct);
        filed.StatusCode.ShouldBe(HttpStatusCode.OK, await filed.Content.ReadAsStringAsync(ct));
        return (await filed.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("ticket").GetProperty("number").GetString()!;
    }
}

/// <summary>A file up through nginx (multipart, buffered by nginx up to its body limit) and back down, byte for byte.</summary>
public sealed class AttachmentTransferTests
{
    [Fact]
    public async Task A_four_megabyte_pdf_goes_up_and_comes_back_through_the_front_door()
    {
        var ct = TestContext.Current.CancellationToken;
        using var session = await FrontDoorSession.SignedInAsAdminAsync(ct);
        var number = await SignInTests.FileTicketAsync(session, "Signed contract", ct);
        byte[] pdf = [.. "%PDF-1.7\n"u8, .. System.Security.Cryptography.RandomNumberGenerator.GetBytes(4 * 1024 * 1024)];
        using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "contract.pdf" } };

        var uploaded = await session.SendAsync(HttpMethod.Post, $"/api/v1/tickets/{number}/attachments", form, ct);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync(ct));
        var id = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("attachment").GetProperty("id").GetString();
        var download = await session.Http.GetAsync(new Uri($"/api/v1/tickets/{number}/attachments/{id}/content", UriKind.Relative), ct);

        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (await download.Content.ReadAsByteArrayAsync(ct)).ShouldBe(pdf);
    }
}

/// <summary>An account mail end to end: Auth's outbox → RabbitMQ → NotificationWorker → Notifications → SMTP.</summary>
public sealed class AccountMailTests
{
    [Fact]
    public async Task Forgot_password_through_the_front_door_delivers_a_reset_link_by_mail()
    {
        var email = FrontDoorSession.AdminEmail;
        using var session = new FrontDoorSession();
        var ct = TestContext.Current.CancellationToken;
        var before = (await SmtpSink.MessagesToAsync(email)).Count;

        (await session.Http.GetAsync(new Uri("/api/v1/auth/csrf", UriKind.Relative), ct)).EnsureSuccessStatusCode();
        (await session.PostJsonAsync("/api/v1/auth/password/forgot", new { email }, ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        IReadOnlyList<SinkMessage> mails = [];
        await Eventually.Until(async () => (mails = await SmtpSink.MessagesToAsync(email)).Count > before, TimeSpan.FromSeconds(30));
        var texts = await Task.WhenAll(mails.Select(m => SmtpSink.PlainTextAsync(m.Id)));
        texts.ShouldContain(text => text.Contains($"{StackUnderTest.FrontDoor.ToString().TrimEnd('/')}/reset-password?token=", StringComparison.Ordinal));
    }
}
