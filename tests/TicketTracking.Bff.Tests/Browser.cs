using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace TicketTracking.Bff.Tests;

/// <summary>What the SPA does over HTTP: a cookie jar, and the CSRF header from the readable tt.csrf cookie.</summary>
public sealed class Browser(HttpMessageHandler server) : IDisposable
{
    private static readonly Uri Origin = new("https://desk.test");

    public CookieContainer Cookies { get; } = new();

    private HttpClient? _http;

    private HttpClient Http => _http ??= new HttpClient(new CookieContainerHandler(Cookies) { InnerHandler = server }) { BaseAddress = Origin };

    public string? Cookie(string name) => Cookies.GetCookies(Origin)[name]?.Value;

    /// <summary>Headers sent with every request, as a browser (User-Agent) or nginx (X-Real-IP) adds them.</summary>
    public System.Net.Http.Headers.HttpRequestHeaders Headers => Http.DefaultRequestHeaders;

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(new Uri(path, UriKind.Relative));

    /// <summary>
    /// Sends JSON with the CSRF header, fetching a token first as the SPA does on load; <paramref name="csrfToken"/>
    /// sends that value instead, and an empty one sends no header at all.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? csrfToken = null) =>
        SendAsync(method, path, JsonContent.Create(body ?? new { }), csrfToken);

    /// <summary>Sends <paramref name="json"/> as it is, well-formed or not, with the CSRF header.</summary>
    public Task<HttpResponseMessage> SendTextAsync(HttpMethod method, string path, string json) =>
        SendAsync(method, path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), csrfToken: null);

    /// <summary>Sends any body (a multipart form, say) with the CSRF header; an empty <paramref name="csrfToken"/> sends none.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent content, string? csrfToken)
    {
        if (csrfToken is null && Cookie("tt.csrf") is null)
            (await GetAsync("/api/v1/auth/csrf")).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        var token = csrfToken ?? Cookie("tt.csrf");
        if (!string.IsNullOrEmpty(token))
            request.Headers.Add("X-CSRF-Token", token);
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var response = await PostAsync("/api/v1/auth/login", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public void Dispose() => _http?.Dispose();
}
