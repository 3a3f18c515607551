using System.Net;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Bff.Tests;

/// <summary>The admin REST endpoints pass the signed-in user's token to Auth, which decides.</summary>
public sealed class AdminApiTests(BffFactory factory) : IClassFixture<BffFactory>
{
    private static readonly string[] WorkPermissions = ["tasks.act"];
    private static readonly string[] UnknownPermissions = ["tickets.fly"];

    [Fact]
    public async Task An_admin_lists_users_roles_and_the_audit_log()
    {
        using var admin = await factory.SignedInBrowserAsync(BuiltInRoles.AdminId);

        var users = await Browser.JsonAsync(await admin.GetAsync("/api/v1/admin/users?pageSize=5"));
        var roles = await Browser.JsonAsync(await admin.GetAsync("/api/v1/admin/roles"));
        var audit = await Browser.JsonAsync(await admin.GetAsync("/api/v1/admin/audit-events?actions=login.succeeded"));

        users.GetProperty("users").GetArrayLength().ShouldBeGreaterThan(0);
        roles.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldContain("Ticket Coordinator");
        audit.GetProperty("events").EnumerateArray().ShouldAllBe(e => e.GetProperty("action").GetString() == "login.succeeded");
        audit.GetProperty("events").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task An_admin_creates_a_role_and_bad_input_comes_back_as_field_violations()
    {
        using var admin = await factory.SignedInBrowserAsync(BuiltInRoles.AdminId);

        var created = await admin.PostAsync("/api/v1/admin/roles", new { name = $"Asset Manager {Guid.NewGuid():N}"[..22], permissions = WorkPermissions });
        var bad = await admin.PostAsync("/api/v1/admin/roles", new { name = "", permissions = UnknownPermissions });

        created.StatusCode.ShouldBe(HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var violations = (await Browser.JsonAsync(bad)).GetProperty("details").EnumerateArray()
            .Single(d => d.GetProperty("@type").GetString()!.EndsWith("BadRequest", StringComparison.Ordinal))
            .GetProperty("fieldViolations").EnumerateArray().Select(v => v.GetProperty("field").GetString());
        violations.ShouldBe(["name", "permissions"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_requester_is_refused_the_admin_endpoints()
    {
        using var requester = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);

        var response = await requester.GetAsync("/api/v1/admin/users");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Browser.JsonAsync(response)).GetProperty("code").GetInt32().ShouldBe(7);
    }
}
