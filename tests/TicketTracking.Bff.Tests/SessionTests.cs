using System.Net;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Domain;
using TicketTracking.Eventing;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Events.V1;

namespace TicketTracking.Bff.Tests;

/// <summary>The browser session: cookie, CSRF, refresh, restart, sign-out and revocation, through the real BFF and Auth.</summary>
public sealed class SessionTests(BffFactory factory) : IClassFixture<BffFactory>
{
    [Fact]
    public async Task Signing_in_sets_an_HttpOnly_SameSite_Strict_Secure_session_cookie_and_the_SPA_never_sees_a_token()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.Bff.NewBrowser();

        var response = await browser.SignInAsync(user.Email, BffUsers.Password);

        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tt.session=", StringComparison.Ordinal)).ToLowerInvariant();
        session.ShouldContain("httponly");
        session.ShouldContain("samesite=strict");
        session.ShouldContain("secure");
        session.ShouldContain("path=/");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain(user.Email);
        body.ShouldNotContain("accessToken", Case.Insensitive);
        body.ShouldNotContain("refreshToken", Case.Insensitive);
        var me = await Browser.JsonAsync(await browser.GetAsync("/api/v1/me"));
        me.GetProperty("email").GetString().ShouldBe(user.Email);
        me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).ShouldBe(["tickets.create", "tickets.read.own"], ignoreOrder: true);
    }

    [Fact]
    public async Task Without_a_session_the_api_answers_401_with_a_status_body_not_a_redirect()
    {
        using var browser = factory.Bff.NewBrowser();

        var response = await browser.GetAsync("/api/v1/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Browser.JsonAsync(response)).GetProperty("code").GetInt32().ShouldBe(16);
    }

    [Fact]
    public async Task A_state_changing_request_without_the_csrf_token_is_refused_and_changes_nothing()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.Bff.NewBrowser();
        var auditedBefore = await factory.Auth.WithDatabase(db => db.AuditEntries.CountAsync());

        var missing = await browser.SendAsync(HttpMethod.Post, "/api/v1/auth/login", new { email = user.Email, password = BffUsers.Password }, csrfToken: "");
        (await browser.GetAsync("/api/v1/auth/csrf")).EnsureSuccessStatusCode();
        var wrong = await browser.SendAsync(HttpMethod.Post, "/api/v1/auth/login", new { email = user.Email, password = BffUsers.Password }, csrfToken: "forged-token");

        missing.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("CSRF_TOKEN_INVALID");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        browser.Cookie("tt.session").ShouldBeNull();
        (await factory.Auth.WithDatabase(db => db.AuditEntries.CountAsync())).ShouldBe(auditedBefore);
    }

    [Fact]
    public async Task A_token_from_before_sign_in_is_replaced_so_the_signed_in_user_can_post()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.Bff.NewBrowser();
        await browser.SignInAsync(user.Email, BffUsers.Password);

        var response = await browser.SendAsync(HttpMethod.Patch, "/api/v1/me", new { phone = "+1 555 0100" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await Browser.JsonAsync(response)).GetProperty("phone").GetString().ShouldBe("+1 555 0100");
    }

    [Fact]
    public async Task The_access_token_is_refreshed_behind_the_browsers_back()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.Bff.NewBrowser();
        await browser.SignInAsync(user.Email, BffUsers.Password);
        var cookieBefore = browser.Cookie("tt.session");

        factory.Clock.Advance(TimeSpan.FromMinutes(6)); // the 5-minute access token has expired
        var response = await browser.GetAsync("/api/v1/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        browser.Cookie("tt.session").ShouldNotBe(cookieBefore);
        var rotations = await factory.Auth.WithDatabase(db => db.RefreshTokens
            .CountAsync(t => db.Sessions.Any(s => s.Id == t.SessionId && s.UserId == user.Id)));
        rotations.ShouldBe(2);
    }

    [Fact]
    public async Task The_session_survives_a_restart_of_the_bff()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.Bff.NewBrowser();
        await browser.SignInAsync(user.Email, BffUsers.Password);
        var cookie = browser.Cookie("tt.session")!;

        using var afterRestart = factory.StartAnotherBff().NewBrowser();
        afterRestart.Cookies.Add(new Cookie("tt.session", cookie, "/", "desk.test") { Secure = true, HttpOnly = true });

        (await afterRestart.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_at_auth_too()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.Bff.NewBrowser();
        await browser.SignInAsync(user.Email, BffUsers.Password);
        var cookie = browser.Cookie("tt.session")!;

        (await browser.PostAsync("/api/v1/auth/logout")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var replay = factory.Bff.NewBrowser();
        replay.Cookies.Add(new Cookie("tt.session", cookie, "/", "desk.test") { Secure = true, HttpOnly = true });
        factory.Clock.Advance(TimeSpan.FromSeconds(11)); // past the 10 s re-check: Auth is asked again
        (await replay.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_deactivated_users_session_stops_within_the_ten_second_recheck()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.AgentId);
        using var browser = factory.Bff.NewBrowser();
        await browser.SignInAsync(user.Email, BffUsers.Password);
        var admin = await factory.CreateUserAsync(BuiltInRoles.AdminId);
        using var adminBrowser = factory.Bff.NewBrowser();
        await adminBrowser.SignInAsync(admin.Email, BffUsers.Password);

        (await adminBrowser.PostAsync($"/api/v1/admin/users/{user.Id}/deactivate", new { reason = "Left." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromSeconds(11));

        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_second_factor_sign_in_goes_through_the_bff_without_the_challenge_reaching_the_page()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId, emailOtp: true);
        using var browser = factory.Bff.NewBrowser();

        var prompt = await Browser.JsonAsync(await browser.PostAsync("/api/v1/auth/login", new { email = user.Email, password = BffUsers.Password }));
        prompt.GetProperty("secondFactor").GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ShouldBe(["TWO_FACTOR_METHOD_EMAIL_OTP"]);
        prompt.ToString().ShouldNotContain("challenge", Case.Insensitive);
        browser.Cookie("tt.session").ShouldBeNull();
        var mail = await factory.Auth.WithDatabase(db => db.Set<OutboxMessage>()
            .Where(m => m.Topic == "otp-requested" && m.AggregateId == user.Id.ToString()).SingleAsync());
        var code = ((OtpRequested)CloudEventEnvelope.Decode(mail.Envelope).Payload).Code;

        var verified = await browser.PostAsync("/api/v1/auth/login/verify-otp", new { method = "TWO_FACTOR_METHOD_EMAIL_OTP", code });

        verified.StatusCode.ShouldBe(HttpStatusCode.OK, await verified.Content.ReadAsStringAsync());
        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_credentials_come_back_as_401_with_the_same_body_as_an_unknown_address()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.Bff.NewBrowser();

        var wrong = await browser.PostAsync("/api/v1/auth/login", new { email = user.Email, password = "not the password" });
        var unknown = await browser.PostAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = "not the password" });

        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await unknown.Content.ReadAsStringAsync()).ShouldBe(await wrong.Content.ReadAsStringAsync());
    }
}
