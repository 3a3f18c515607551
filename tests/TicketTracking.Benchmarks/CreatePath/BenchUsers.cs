using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Grpc.Net.Client;
using TicketTracking.Protos.Auth.V1;

namespace TicketTracking.Benchmarks.CreatePath;

/// <summary>
/// A requester signed in through the front door as a browser is: its cookie jar (which the BFF renews as the session
/// is re-checked and refreshed) and the CSRF token bound to it.
/// </summary>
internal sealed record BenchUser(string Email, CookieContainer Cookies, string CsrfToken);

internal static class BenchUsers
{
    private const string Password = "bench password for requesters";

    /// <summary>Registers <paramref name="count"/> fresh requesters, approves them as the tooling account, signs each in.</summary>
    public static async Task<List<BenchUser>> CreateAsync(int count, Uri frontDoor, Uri authGrpc, string toolingSecret)
    {
        using var channel = GrpcChannel.ForAddress(authGrpc);
        var token = (await new ServiceAccountService.ServiceAccountServiceClient(channel)
            .IssueServiceAccountTokenAsync(new IssueServiceAccountTokenRequest { ClientId = "tooling", ClientSecret = toolingSecret })).AccessToken;
        var users = new UserService.UserServiceClient(channel);
        var asTooling = new Metadata { { "authorization", $"Bearer {token}" } };
        var signedIn = new List<BenchUser>();
        for (var i = 0; i < count; i++)
        {
            var email = $"bench-{Guid.NewGuid():N}@example.com";
            var registered = await users.RegisterUserAsync(new RegisterUserRequest
            {
                Email = email, Password = Password, FirstName = "Bench", LastName = $"Requester {i + 1}", DepartmentId = CreatePathBenchmark.ItDepartment,
            });
            await users.ApproveUserAsync(new ApproveUserRequest { Id = registered.User.Id }, asTooling);
            signedIn.Add(await SignInAsync(frontDoor, email));
        }
        return signedIn;
    }

    private static async Task<BenchUser> SignInAsync(Uri frontDoor, string email)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = frontDoor };
        (await http.GetAsync(new Uri("/api/v1/auth/csrf", UriKind.Relative))).EnsureSuccessStatusCode();
        using var login = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/login", UriKind.Relative))
        {
            Content = JsonContent.Create(new { email, password = Password }),
        };
        login.Headers.Add("X-CSRF-Token", Csrf(cookies, frontDoor));
        (await http.SendAsync(login)).EnsureSuccessStatusCode();
        // The CSRF token is bound to the user: the one issued before sign-in is no longer valid.
        (await http.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).EnsureSuccessStatusCode();
        return new BenchUser(email, cookies, Csrf(cookies, frontDoor));
    }

    private static string Csrf(CookieContainer cookies, Uri frontDoor) =>
        cookies.GetCookies(frontDoor)["tt.csrf"]?.Value ?? throw new InvalidOperationException("The front door set no tt.csrf cookie.");
}
