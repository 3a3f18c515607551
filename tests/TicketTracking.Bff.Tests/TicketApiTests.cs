using System.Net;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Bff.Tests;

/// <summary>Tickets over REST through the BFF, as the SPA uses them, with Tickets deciding who sees and changes what.</summary>
public sealed class TicketApiTests(BffFactory factory) : IClassFixture<BffFactory>
{
    private static readonly string[] LaptopTags = ["laptop"];

    /// <summary>Files a high-priority laptop ticket in IT as the browser's user and returns its number.</summary>
    internal static async Task<string> FileAsync(Browser browser, string subject)
    {
        var created = await browser.PostAsync("/api/v1/tickets", new
        {
            subject,
            description = "It will not start.",
            departmentId = "0193a5c0-0000-7000-8000-000000000001",
            priority = "PRIORITY_HIGH",
            tags = LaptopTags,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        return (await Browser.JsonAsync(created)).GetProperty("ticket").GetProperty("number").GetString()!;
    }

    [Fact]
    public async Task A_requester_files_reads_lists_and_follows_the_history_of_their_ticket()
    {
        using var requester = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);

        var number = await FileAsync(requester, "Laptop dead");
        var ticket = await Browser.JsonAsync(await requester.GetAsync($"/api/v1/tickets/{number}"));
        var list = await Browser.JsonAsync(await requester.GetAsync("/api/v1/tickets?filter.query=laptop"));
        var count = await Browser.JsonAsync(await requester.GetAsync("/api/v1/tickets:count?byStatus=true"));
        var history = await Browser.JsonAsync(await requester.GetAsync($"/api/v1/tickets/{number}/history"));

        ticket.GetProperty("ticket").GetProperty("status").GetString().ShouldBe("TICKET_STATUS_NEW");
        list.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("number").GetString()).ShouldBe([number]);
        count.GetProperty("total").GetString().ShouldBe("1");
        history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ShouldBe(["TICKET_HISTORY_KIND_CREATED"]);
    }

    [Fact]
    public async Task A_stale_edit_is_409_and_someone_elses_ticket_is_404()
    {
        using var requester = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);
        using var stranger = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);
        var number = await FileAsync(requester, "Laptop slow");
        var version = (await Browser.JsonAsync(await requester.GetAsync($"/api/v1/tickets/{number}"))).GetProperty("ticket").GetProperty("version").GetString();

        var first = await requester.SendAsync(HttpMethod.Patch, $"/api/v1/tickets/{number}", new { expectedVersion = version, subject = "Laptop very slow" });
        var stale = await requester.SendAsync(HttpMethod.Patch, $"/api/v1/tickets/{number}", new { expectedVersion = version, subject = "Laptop slow again" });
        var hidden = await stranger.GetAsync($"/api/v1/tickets/{number}");

        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_staff_move_a_ticket_and_an_illegal_move_is_explained()
    {
        using var requester = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);
        using var coordinator = await factory.SignedInBrowserAsync(BuiltInRoles.TicketCoordinatorId);
        var number = await FileAsync(requester, "Laptop hinge");

        var byRequester = await requester.PostAsync($"/api/v1/tickets/{number}/status", new { status = "TICKET_STATUS_RESOLVED" });
        var illegal = await coordinator.PostAsync($"/api/v1/tickets/{number}/status", new { status = "TICKET_STATUS_CLOSED" });
        var resolved = await coordinator.PostAsync($"/api/v1/tickets/{number}/status", new { status = "TICKET_STATUS_RESOLVED", reason = "Replaced." });
        var reopened = await requester.PostAsync($"/api/v1/tickets/{number}/reopen", new { reason = "Creaks again." });

        byRequester.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        illegal.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await illegal.Content.ReadAsStringAsync()).ShouldContain("ILLEGAL_STATUS_TRANSITION");
        resolved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.JsonAsync(reopened)).GetProperty("ticket").GetProperty("status").GetString().ShouldBe("TICKET_STATUS_OPEN");
    }

    [Fact]
    public async Task The_new_ticket_form_reads_categories_and_an_asset_ticket_with_bad_fields_gets_field_errors()
    {
        using var requester = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);

        var categories = await Browser.JsonAsync(await requester.GetAsync("/api/v1/categories?departmentId=0193a5c0-0000-7000-8000-000000000002"));
        var asset = categories.GetProperty("categories").EnumerateArray().Single();
        var refused = await requester.PostAsync("/api/v1/tickets", new
        {
            subject = "Borrow a projector",
            description = "For Friday.",
            departmentId = "0193a5c0-0000-7000-8000-000000000002",
            categoryId = asset.GetProperty("id").GetString(),
            priority = "PRIORITY_LOW",
            fields = new { asset_name = "Projector" },
        });
        var createCategory = await requester.PostAsync("/api/v1/admin/categories", new { departmentId = "0193a5c0-0000-7000-8000-000000000002", name = "Mine" });

        asset.GetProperty("name").GetString().ShouldBe("Asset Request");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("fields.location");
        createCategory.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_csv_export_streams_what_the_user_may_read_with_formulas_defused()
    {
        using var requester = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);
        using var stranger = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);
        var quoted = await FileAsync(requester, "Printer says \"paper jam\", but it has none");
        var formula = await FileAsync(requester, "=HYPERLINK(\"http://evil.example\")");
        await FileAsync(stranger, "Not yours");

        var response = await requester.GetAsync("/api/v1/tickets/export.csv?sort=TICKET_SORT_CREATED_ASC");
        var anonymous = await factory.Bff.NewBrowser().GetAsync("/api/v1/tickets/export.csv");
        var badFilter = await requester.GetAsync("/api/v1/tickets/export.csv?filter.statuses=OPENISH");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("number,subject,status,priority");
        lines.Length.ShouldBe(3);
        lines[1].ShouldStartWith($"{quoted},\"Printer says \"\"paper jam\"\", but it has none\",New,High,");
        lines[2].ShouldStartWith($"{formula},\"'=HYPERLINK(");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        badFilter.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badFilter.Content.ReadAsStringAsync()).ShouldContain("filter.statuses");
    }

    [Fact]
    public async Task A_user_saves_a_view_over_rest_and_finds_it_again()
    {
        using var requester = await factory.SignedInBrowserAsync(BuiltInRoles.RequesterId);

        var saved = await requester.PostAsync("/api/v1/views", new { name = "Mine, newest", filter = new { scope = "TICKET_SCOPE_REQUESTED_BY_ME" } });
        var views = await Browser.JsonAsync(await requester.GetAsync("/api/v1/views"));

        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        views.GetProperty("savedViews").EnumerateArray().Single().GetProperty("filter").GetProperty("scope").GetString().ShouldBe("TICKET_SCOPE_REQUESTED_BY_ME");
    }
}
