using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Bff.Tests;

/// <summary>The flags of every cookie the BFF sets, and the settings that shape them.</summary>
public sealed class CookieSettingsTests(BffFactory factory) : IClassFixture<BffFactory>
{
    [Fact]
    public async Task The_csrf_cookie_is_readable_by_the_page_and_still_same_site_strict()
    {
        using var browser = factory.Bff.NewBrowser();

        var response = await browser.GetAsync("/api/v1/auth/csrf");

        var csrf = SetCookie(response, "tt.csrf");
        csrf.ShouldNotContain("httponly");
        csrf.ShouldContain("samesite=strict");
        csrf.ShouldContain("secure");
        SetCookie(response, "tt.antiforgery").ShouldContain("httponly");
        (await Browser.JsonAsync(response)).GetProperty("token").GetString().ShouldBe(browser.Cookie("tt.csrf"));
    }

    [Fact]
    public async Task Health_probes_get_no_cookies()
    {
        using var browser = factory.Bff.NewBrowser();

        var response = await browser.GetAsync("/healthz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task The_pending_second_factor_challenge_is_an_HttpOnly_cookie_scoped_to_the_sign_in_paths()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId, emailOtp: true);
        using var browser = factory.Bff.NewBrowser();

        var response = await browser.PostAsync("/api/v1/auth/login", new { email = user.Email, password = BffUsers.Password });

        var challenge = SetCookie(response, "tt.challenge");
        challenge.ShouldContain("httponly");
        challenge.ShouldContain("samesite=strict");
        challenge.ShouldContain("secure");
        challenge.ShouldContain("path=/api/v1/auth/login");
        challenge.ShouldContain("expires=");
    }

    [Fact]
    public async Task With_secure_cookies_turned_off_for_plain_http_the_session_cookie_is_not_secure_only()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.StartAnotherBff(secureCookies: false).NewBrowser();

        var response = await browser.SignInAsync(user.Email, BffUsers.Password);

        var session = SetCookie(response, "tt.session");
        session.ShouldContain("httponly");
        session.ShouldContain("samesite=strict");
        session.ShouldNotContain("secure");
    }

    // RunAppAsync runs the start-up validator before the host starts and prints its failures; the test host skips
    // RunAppAsync, so the test runs the same validator.
    [Fact]
    public void The_start_up_check_refuses_a_missing_data_protection_keys_folder_and_names_the_setting()
    {
        using var bff = new WebApplicationFactory<BffApp>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Services:Auth", "http://auth.test");
            builder.UseSetting("Services:Tickets", "http://tickets.test");
            builder.UseSetting("ServiceAccount:ClientId", "bff");
            builder.UseSetting("ServiceAccount:ClientSecret", "secret");
        });

        var validator = bff.Services.GetRequiredService<IStartupValidator>();

        var error = Should.Throw<OptionsValidationException>(validator.Validate);

        error.Message.ShouldContain("Bff:DataProtectionKeysPath");
    }

    private static string SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith($"{name}=", StringComparison.Ordinal)).ToLowerInvariant();
}
