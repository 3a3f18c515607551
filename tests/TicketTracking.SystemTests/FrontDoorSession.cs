using System.Net;
using System.Net.Http.Json;

namespace TicketTracking.SystemTests;

/// <summary>What the SPA does through nginx: a cookie jar, and the CSRF header from the readable tt.csrf cookie on every change.</summary>
internal sealed class FrontDoorSession : IDisposable
{
    private readonly CookieContainer _cookies = new();

    public FrontDoorSession() =>
        Http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies }) { BaseAddress = StackUnderTest.FrontDoor, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Http { get; }

    public static string AdminEmail => Environment.GetEnvironmentVariable("TT_TEST_ADMIN_EMAIL") ?? throw new InvalidOperationException("TT_TEST_ADMIN_EMAIL is not set: run through make test.");

    public static string AdminPassword => Environment.GetEnvironmentVariable("TT_TEST_ADMIN_PASSWORD") ?? throw new InvalidOperationException("TT_TEST_ADMIN_PASSWORD is not set.");

    /// <summary>Signs in as the first administrator `make test` created; fails the test if that does not work.</summary>
    public static async Task<FrontDoorSession> SignedInAsAdminAsync(CancellationToken ct)
    {
        var session = new FrontDoorSession();
        var signedIn = await session.SignInAsync(AdminEmail, AdminPassword, ct);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK, await signedIn.Content.ReadAsStringAsync(ct));
        return session;
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password, CancellationToken ct)
    {
        (await Http.GetAsync(new Uri("/api/v1/auth/csrf", UriKind.Relative), ct)).EnsureSuccessStatusCode();
        return await SendAsync(HttpMethod.Post, "/api/v1/auth/login", JsonContent.Create(new { email, password }), ct);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, JsonContent.Create(body), ct);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Add("X-CSRF-Token", _cookies.GetCookies(StackUnderTest.FrontDoor)["tt.csrf"]!.Value);
        return await Http.SendAsync(request, ct);
    }

    public void Dispose() => Http.Dispose();
}
