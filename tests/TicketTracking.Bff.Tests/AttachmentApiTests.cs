using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Bff.Tests;

/// <summary>Attachments through the BFF: multipart up, a safe download back, Tickets' refusals as status JSON.</summary>
public sealed class AttachmentApiTests(BffFactory factory) : IClassFixture<BffFactory>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(2000)];

    private static Task<HttpResponseMessage> UploadAsync(Browser browser, string number, byte[] content, string fileName, bool? isInternal = null, string? csrfToken = null)
    {
        var form = new MultipartFormDataContent();
        if (isInternal is { } flag)
            form.Add(new StringContent(flag ? "true" : "false"), "internal");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        // RFC 5987 encoding, written by hand: HttpClient would refuse the hostile names these tests send.
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}");
        form.Add(file);
        return browser.SendAsync(HttpMethod.Post, $"/api/v1/tickets/{number}/attachments", form, csrfToken);
    }

    [Fact]
    public async Task A_requester_uploads_a_file_lists_it_and_downloads_it_as_an_attachment_that_cannot_be_sniffed()
    {
        using var requester = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);
        var number = await TicketApiTests.FileAsync(requester, "Broken screen");

        var uploaded = await UploadAsync(requester, number, Png, "screen.png");
        var body = await Browser.JsonAsync(uploaded);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        var attachment = body.GetProperty("attachment");
        var id = attachment.GetProperty("id").GetString();
        var list = await Browser.JsonAsync(await requester.GetAsync($"/api/v1/tickets/{number}/attachments"));
        var download = await requester.GetAsync($"/api/v1/tickets/{number}/attachments/{id}/content");

        uploaded.Headers.Location!.ToString().ShouldBe($"/api/v1/tickets/{number}/attachments/{id}");
        attachment.GetProperty("contentType").GetString().ShouldBe("image/png");
        attachment.GetProperty("sizeBytes").GetString().ShouldBe(Png.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        list.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ShouldBe([id]);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Content.Headers.ContentDisposition.FileNameStar.ShouldBe("screen.png");
        download.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        download.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");
    }

    [Fact]
    public async Task A_hostile_file_name_comes_back_cleaned_and_escaped_in_one_header()
    {
        using var requester = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);
        var number = await TicketApiTests.FileAsync(requester, "Broken screen");

        var uploaded = await Browser.JsonAsync(await UploadAsync(requester, number, "plain text"u8.ToArray(), "../\"quoted\"; filename=evil.html résumé.txt"));
        var id = uploaded.GetProperty("attachment").GetProperty("id").GetString();
        var download = await requester.GetAsync($"/api/v1/tickets/{number}/attachments/{id}/content");

        uploaded.GetProperty("attachment").GetProperty("fileName").GetString().ShouldBe("\"quoted\"; filename=evil.html résumé.txt");
        download.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("\"quoted\"; filename=evil.html résumé.txt");
        download.Content.Headers.GetValues("Content-Disposition").ShouldHaveSingleItem();
        download.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
    }

    [Fact]
    public async Task Refusals_come_back_as_status_json_with_the_right_http_status()
    {
        using var requester = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);
        using var stranger = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);
        var number = await TicketApiTests.FileAsync(requester, "Broken screen");
        var id = (await Browser.JsonAsync(await UploadAsync(requester, number, Png, "a.png"))).GetProperty("attachment").GetProperty("id").GetString();

        var program = await UploadAsync(requester, number, [(byte)'M', (byte)'Z', 0x90, 0, .. new byte[1000]], "setup.pdf");
        var tooLarge = await UploadAsync(requester, number, new byte[25 * 1024 * 1024 + 1].Select(_ => (byte)'a').ToArray(), "huge.txt");
        var internalByRequester = await UploadAsync(requester, number, Png, "b.png", isInternal: true);
        var notMultipart = await requester.PostAsync($"/api/v1/tickets/{number}/attachments", new { file = "x" });
        var withoutCsrf = await UploadAsync(requester, number, Png, "c.png", csrfToken: "");
        var strangerDownload = await stranger.GetAsync($"/api/v1/tickets/{number}/attachments/{id}/content");
        var anonymous = await factory.Bff.NewBrowser().GetAsync($"/api/v1/tickets/{number}/attachments/{id}/content");

        program.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Reason(program)).ShouldBe("ATTACHMENT_TYPE_NOT_ALLOWED");
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Reason(tooLarge)).ShouldBe("ATTACHMENT_TOO_LARGE");
        internalByRequester.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        notMultipart.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Browser.JsonAsync(notMultipart)).GetProperty("details")[0].GetProperty("fieldViolations")[0].GetProperty("field").GetString().ShouldBe("file");
        withoutCsrf.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Reason(withoutCsrf)).ShouldBe("CSRF_TOKEN_INVALID");
        strangerDownload.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Browser.JsonAsync(await requester.GetAsync($"/api/v1/tickets/{number}/attachments"))).GetProperty("attachments").GetArrayLength().ShouldBe(1);
    }

    private static async Task<string?> Reason(HttpResponseMessage response)
    {
        var status = await Browser.JsonAsync(response);
        return status.GetProperty("details").EnumerateArray()
            .Where(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo")
            .Select(d => d.GetProperty("reason").GetString())
            .FirstOrDefault();
    }
}
