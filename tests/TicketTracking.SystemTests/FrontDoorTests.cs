using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Net.Client;
using TicketTracking.Protos.Auth.V1;

namespace TicketTracking.SystemTests;

/// <summary>Requests from outside through nginx, the BFF, a service and PostgreSQL, and back.</summary>
public sealed class FrontDoorTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    [Fact]
    public async Task A_department_stored_by_auth_is_served_through_nginx_and_the_bff()
    {
        var code = $"SYS{Random.Shared.Next(100_000, 999_999)}";
        using (var channel = StackUnderTest.ToolingChannel("auth"))
        {
            await new DepartmentService.DepartmentServiceClient(channel).CreateDepartmentAsync(
                new CreateDepartmentRequest { Code = code, Name = $"System test {code}" }, cancellationToken: TestContext.Current.CancellationToken);
        }

        using var response = await Http.GetAsync(new Uri(StackUnderTest.FrontDoor, "/api/v1/departments"), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var codes = body.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("code").GetString()).ToList();
        codes.ShouldContain(code);
        codes.ShouldContain("IT");
    }

    [Fact]
    public async Task Nginx_adds_the_security_headers_to_api_answers()
    {
        using var response = await Http.GetAsync(new Uri(StackUnderTest.FrontDoor, "/api/v1/departments"), TestContext.Current.CancellationToken);

        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.Contains("Content-Security-Policy").ShouldBeTrue();
    }

    [Fact]
    public async Task Every_app_is_ready_and_exposes_metrics()
    {
        foreach (var (app, port) in StackUnderTest.Apps)
        {
            using var ready = await Http.GetAsync(StackUnderTest.Http(port, "/readyz"), TestContext.Current.CancellationToken);
            ready.StatusCode.ShouldBe(HttpStatusCode.OK, $"{app} /readyz");

            var metrics = await Http.GetStringAsync(StackUnderTest.Http(port, "/metrics"), TestContext.Current.CancellationToken);
            metrics.ShouldContain("# TYPE", customMessage: $"{app} /metrics");
        }
    }
}
