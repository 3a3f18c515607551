using System.Net;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Bff.Tests;

/// <summary>The session outlives the BFF process, and parallel requests refreshing at once do not end it.</summary>
public sealed class SessionResilienceTests(BffFactory factory) : IClassFixture<BffFactory>
{
    [Fact]
    public async Task A_cookie_issued_before_a_restart_still_works_after_it()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        var before = factory.StartAnotherBff();
        string cookie;
        using (var browser = before.NewBrowser())
        {
            await browser.SignInAsync(user.Email, BffUsers.Password);
            cookie = browser.Cookie("tt.session")!;
        }
        await before.DisposeAsync(); // the process is gone: only the keys folder remains

        using var afterRestart = factory.StartAnotherBff().NewBrowser();
        afterRestart.Cookies.Add(new Cookie("tt.session", cookie, "/", "desk.test") { Secure = true, HttpOnly = true });

        var me = await afterRestart.GetAsync("/api/v1/me");

        me.StatusCode.ShouldBe(HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
        (await Browser.JsonAsync(me)).GetProperty("email").GetString().ShouldBe(user.Email);
    }

    [Fact]
    public async Task Parallel_requests_that_all_refresh_the_expired_access_token_all_succeed_and_the_session_lives_on()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.Bff.NewBrowser();
        await browser.SignInAsync(user.Email, BffUsers.Password);
        factory.Clock.Advance(TimeSpan.FromMinutes(6));

        // Every one of them carries the same old cookie, so each asks Auth to rotate the same refresh token.
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => browser.GetAsync("/api/v1/me")));

        responses.Select(r => r.StatusCode).ShouldAllBe(status => status == HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromSeconds(11));
        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
