using System.Net;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Bff.Tests;

/// <summary>
/// Whatever a browser sends, the answer is a 4xx with the google.rpc.Status body the SPA parses, never a 500 or a
/// stack trace.
/// </summary>
public sealed class BadInputTests(BffFactory factory) : IClassFixture<BffFactory>
{
    [Theory]
    [InlineData("{\"email\": ")]
    [InlineData("[1, 2]")]
    [InlineData("{\"email\": 42, \"password\": {}}")]
    public async Task Malformed_json_is_a_bad_request(string json)
    {
        using var browser = factory.Bff.NewBrowser();

        var response = await browser.SendTextAsync(HttpMethod.Post, "/api/v1/auth/login", json);

        await ShouldBeAStatusBodyAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_enum_name_is_a_bad_request()
    {
        using var browser = factory.Bff.NewBrowser();

        var response = await browser.SendTextAsync(HttpMethod.Post, "/api/v1/auth/login/verify-otp", "{\"method\": \"CARRIER_PIGEON\", \"code\": \"123456\"}");

        await ShouldBeAStatusBodyAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_query_parameter_of_the_wrong_type_is_a_bad_request()
    {
        using var admin = factory.Bff.NewBrowser();
        var user = await factory.CreateUserAsync(BuiltInRoles.AdminId);
        await admin.SignInAsync(user.Email, BffUsers.Password);

        var response = await admin.GetAsync("/api/v1/admin/users?pageSize=many");

        await ShouldBeAStatusBodyAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_tampered_session_cookie_is_no_session()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.Bff.NewBrowser();
        await browser.SignInAsync(user.Email, BffUsers.Password);
        var cookie = browser.Cookie("tt.session")!;

        using var forger = factory.Bff.NewBrowser();
        forger.Cookies.Add(new Cookie("tt.session", cookie[..^8] + "AAAAAAAA", "/", "desk.test") { Secure = true });

        await ShouldBeAStatusBodyAsync(await forger.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verifying_a_code_without_a_pending_sign_in_asks_to_sign_in_again()
    {
        using var browser = factory.Bff.NewBrowser();
        browser.Cookies.Add(new Cookie("tt.challenge", "not-a-protected-value", "/api/v1/auth/login", "desk.test") { Secure = true });

        var response = await browser.PostAsync("/api/v1/auth/login/verify-otp", new { method = "TWO_FACTOR_METHOD_EMAIL_OTP", code = "123456" });

        await ShouldBeAStatusBodyAsync(response, HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldContain("CHALLENGE_EXPIRED");
    }

    private static async Task ShouldBeAStatusBodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json", text);
        var body = await Browser.JsonAsync(response);
        body.GetProperty("code").GetInt32().ShouldBeGreaterThan(0);
        body.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        text.ShouldNotContain(" at ", Case.Sensitive, "no stack trace");
    }
}
