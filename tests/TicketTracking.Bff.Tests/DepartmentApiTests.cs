using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Bff.Tests;

public sealed class DepartmentApiTests(BffFactory factory) : IClassFixture<BffFactory>
{
    [Fact]
    public async Task Departments_are_served_as_camel_case_json_from_the_auth_service()
    {
        await factory.Auth.WithDatabase(db =>
        {
            db.Departments.Add(Department.Create("HR", "Human Resources", "", DateTimeOffset.UtcNow));
            return db.SaveChangesAsync();
        });

        using var browser = factory.Bff.NewBrowser();
        using var response = await browser.GetAsync("/api/v1/departments");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var departments = body.GetProperty("departments").EnumerateArray().ToList();
        departments.Select(d => d.GetProperty("code").GetString()).ShouldBe(["ASSET", "BUDGET", "HR", "IT"], ignoreOrder: true);
        departments.All(d => Guid.TryParse(d.GetProperty("id").GetString(), out var _)).ShouldBeTrue();
    }

    [Fact]
    public async Task An_unknown_api_path_is_not_found()
    {
        using var browser = factory.Bff.NewBrowser();
        using var response = await browser.GetAsync("/api/v1/nothing-here");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
