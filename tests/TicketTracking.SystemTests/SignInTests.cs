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
        var email = Environment.GetEnvironmentVariable("TT_TEST_ADMIN_EMAIL") ?? throw new InvalidOperationException("TT_TEST_ADMIN_EMAIL is not set: run through make test.");
        var password = Environment.GetEnvironmentVariable("TT_TEST_ADMIN_PASSWORD") ?? throw new InvalidOperationException("TT_TEST_ADMIN_PASSWORD is not set.");
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = StackUnderTest.FrontDoor, Timeout = TimeSpan.FromSeconds(15) };
        var ct = TestContext.Current.CancellationToken;

        (await http.GetAsync(new Uri("/api/v1/auth/csrf", UriKind.Relative), ct)).EnsureSuccessStatusCode();
        var csrf = cookies.GetCookies(StackUnderTest.FrontDoor)["tt.csrf"]!.Value;
        using var login = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/login", UriKind.Relative)) { Content = JsonContent.Create(new { email, password }) };
        login.Headers.Add("X-CSRF-Token", csrf);
        var signedIn = await http.SendAsync(login, ct);

        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK, await signedIn.Content.ReadAsStringAsync(ct));
        var me = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/me", UriKind.Relative), ct);
        me.GetProperty("roleNames").EnumerateArray().Select(r => r.GetString()).ShouldContain("Admin");
        var users = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/admin/users", UriKind.Relative), ct);
        users.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()).ShouldContain(email);

        using var file = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/tickets", UriKind.Relative))
        {
            Content = JsonContent.Create(new { subject = "Projector in room 4", description = "No signal.", departmentId = StackUnderTest.ItDepartment, priority = "PRIORITY_LOW" }),
        };
        file.Headers.Add("X-CSRF-Token", cookies.GetCookies(StackUnderTest.FrontDoor)["tt.csrf"]!.Value);
        var filed = await http.SendAsync(file, ct);
        filed.StatusCode.ShouldBe(HttpStatusCode.OK, await filed.Content.ReadAsStringAsync(ct));
        var number = (await filed.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("ticket").GetProperty("number").GetString();
        var mine = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/tickets?filter.scope=TICKET_SCOPE_REQUESTED_BY_ME&filter.query=projector", UriKind.Relative), ct);
        mine.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("number").GetString()).ShouldContain(number);

        using var logout = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/logout", UriKind.Relative)) { Content = JsonContent.Create(new { }) };
        logout.Headers.Add("X-CSRF-Token", cookies.GetCookies(StackUnderTest.FrontDoor)["tt.csrf"]!.Value);
        (await http.SendAsync(logout, ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync(new Uri("/api/v1/me", UriKind.Relative), ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

/// <summary>An account mail end to end: Auth's outbox → RabbitMQ → NotificationWorker → Notifications → SMTP.</summary>
public sealed class AccountMailTests
{
    [Fact]
    public async Task Forgot_password_through_the_front_door_delivers_a_reset_link_by_mail()
    {
        var email = Environment.GetEnvironmentVariable("TT_TEST_ADMIN_EMAIL") ?? throw new InvalidOperationException("TT_TEST_ADMIN_EMAIL is not set: run through make test.");
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = StackUnderTest.FrontDoor, Timeout = TimeSpan.FromSeconds(15) };
        var ct = TestContext.Current.CancellationToken;
        var before = (await SmtpSink.MessagesToAsync(email)).Count;

        (await http.GetAsync(new Uri("/api/v1/auth/csrf", UriKind.Relative), ct)).EnsureSuccessStatusCode();
        using var forgot = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/password/forgot", UriKind.Relative)) { Content = JsonContent.Create(new { email }) };
        forgot.Headers.Add("X-CSRF-Token", cookies.GetCookies(StackUnderTest.FrontDoor)["tt.csrf"]!.Value);
        (await http.SendAsync(forgot, ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        IReadOnlyList<SinkMessage> mails = [];
        await Eventually.Until(async () => (mails = await SmtpSink.MessagesToAsync(email)).Count > before, TimeSpan.FromSeconds(30));
        var texts = await Task.WhenAll(mails.Select(m => SmtpSink.PlainTextAsync(m.Id)));
        texts.ShouldContain(text => text.Contains($"{StackUnderTest.FrontDoor.ToString().TrimEnd('/')}/reset-password?token=", StringComparison.Ordinal));
    }
}
