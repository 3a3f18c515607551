using Grpc.Core;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;

namespace TicketTracking.Tickets.Tests;

/// <summary>
/// Lists and search: full text, partial words, numbers, filters, ranking, visibility and stable keyset pages. Each
/// test files its tickets under a department of its own and filters by it, so tests do not see each other's tickets.
/// </summary>
public sealed class TicketSearchTests(TicketsFactory factory) : IClassFixture<TicketsFactory>
{
    private readonly TicketService.TicketServiceClient _tooling = new(factory.Channel);

    private async Task<Ticket> FileAsync(string department, string subject, string description = "Details.", Priority priority = Priority.Medium,
        string[]? tags = null, TestIdentity? requester = null) =>
        (await _tooling.CreateTicketAsync(new CreateTicketRequest
        {
            Subject = subject,
            Description = description,
            RequesterId = (requester?.Id ?? Guid.NewGuid()).ToString(),
            DepartmentId = department,
            Priority = priority,
            Tags = { tags ?? [] },
        })).Ticket;

    private async Task<List<string>> SearchAsync(string department, string query, TicketService.TicketServiceClient? client = null, TicketSort sort = TicketSort.Unspecified) =>
        [.. (await (client ?? _tooling).ListTicketsAsync(new ListTicketsRequest
        {
            Filter = new TicketFilter { Query = query, DepartmentIds = { department } },
            Sort = sort,
        })).Tickets.Select(t => t.Subject)];

    private Task<string> NewDepartment() => factory.NewDepartmentAsync();

    [Fact]
    public async Task Words_are_found_in_subject_description_and_tags_with_stemming()
    {
        var department = await NewDepartment();
        await FileAsync(department, "Printer on floor 3 jams");
        await FileAsync(department, "Screen flickers", description: "Started after moving the printers around.");
        await FileAsync(department, "Request", tags: ["vpn"]);
        await FileAsync(department, "Unrelated chair");

        (await SearchAsync(department, "printers")).ShouldBe(["Printer on floor 3 jams", "Screen flickers"], ignoreOrder: true);
        (await SearchAsync(department, "vpn")).ShouldBe(["Request"]);
    }

    [Fact]
    public async Task Part_of_a_word_in_the_subject_is_found_through_trigrams()
    {
        var department = await NewDepartment();
        await FileAsync(department, "Keyboard missing keys");
        await FileAsync(department, "Mouse");

        (await SearchAsync(department, "eyboa")).ShouldBe(["Keyboard missing keys"]);
    }

    [Fact]
    public async Task Several_words_must_all_be_found_as_words()
    {
        var department = await NewDepartment();
        await FileAsync(department, "Printer on floor 3 jams");
        await FileAsync(department, "Printer out of toner");
        await FileAsync(department, "Paper jams in the copier");

        (await SearchAsync(department, "printer jammed")).ShouldBe(["Printer on floor 3 jams"]);
        (await SearchAsync(department, "printer jam")).ShouldBe(["Printer on floor 3 jams"]);
        (await SearchAsync(department, "rinter jam")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_ticket_number_or_its_digits_finds_exactly_that_ticket()
    {
        var department = await NewDepartment();
        var wanted = await FileAsync(department, "The one");
        var digits = long.Parse(wanted.Number[3..], System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await FileAsync(department, $"Mentions {digits} in its text");

        (await SearchAsync(department, wanted.Number)).ShouldBe(["The one"]);
        (await SearchAsync(department, digits)).ShouldBe(["The one"]);
    }

    [Fact]
    public async Task A_match_in_the_subject_ranks_above_a_match_in_the_description()
    {
        var department = await NewDepartment();
        await FileAsync(department, "Laptop battery", description: "Monitor cable also loose.");
        await FileAsync(department, "Monitor dead", description: "No picture at all.");

        (await SearchAsync(department, "monitor")).ShouldBe(["Monitor dead", "Laptop battery"]);
    }

    [Fact]
    public async Task Best_match_first_puts_more_and_weightier_occurrences_first()
    {
        var department = await NewDepartment();
        await FileAsync(department, "Toner low", description: "The toner light is on.");
        await FileAsync(department, "Paper jam", description: "Toner smudges, toner everywhere, new toner did not help.");
        await FileAsync(department, "Toner cartridge", description: "Toner leaks.", tags: ["toner"]);
        await FileAsync(department, "Paper jam again", description: "Toner once.");
        await FileAsync(department, "Chair broken");

        (await SearchAsync(department, "toner", sort: TicketSort.Relevance)).ShouldBe(["Toner cartridge", "Toner low", "Paper jam", "Paper jam again"]);
    }

    [Fact]
    public async Task Relevance_pages_keep_their_place_while_better_matches_arrive()
    {
        var department = await NewDepartment();
        for (var i = 1; i <= 5; i++)
            await FileAsync(department, $"Disk {i} full", description: string.Join(' ', Enumerable.Repeat("disk", i)));
        var request = new ListTicketsRequest { Filter = new TicketFilter { DepartmentIds = { department }, Query = "disk" }, Sort = TicketSort.Relevance, PageSize = 2 };

        var first = await _tooling.ListTicketsAsync(request);
        await FileAsync(department, "Disk disk disk (new)", description: string.Join(' ', Enumerable.Repeat("disk", 9)));
        var second = await _tooling.ListTicketsAsync(new ListTicketsRequest(request) { PageToken = first.NextPageToken });
        var third = await _tooling.ListTicketsAsync(new ListTicketsRequest(request) { PageToken = second.NextPageToken });
        var again = await _tooling.ListTicketsAsync(new ListTicketsRequest(request) { PageToken = first.NextPageToken });

        first.Tickets.Select(t => t.Subject).ShouldBe(["Disk 5 full", "Disk 4 full"]);
        second.Tickets.Select(t => t.Subject).ShouldBe(["Disk 3 full", "Disk 2 full"]);
        third.Tickets.Select(t => t.Subject).ShouldBe(["Disk 1 full"]);
        third.NextPageToken.ShouldBeEmpty();
        again.Tickets.Select(t => t.Subject).ShouldBe(["Disk 3 full", "Disk 2 full"]);
        (await _tooling.ListTicketsAsync(request)).Tickets[0].Subject.ShouldBe("Disk disk disk (new)");
    }

    [Fact]
    public async Task Filters_combine_with_text_and_each_other()
    {
        var department = await NewDepartment();
        var hit = await FileAsync(department, "Server down", priority: Priority.Critical);
        await FileAsync(department, "Server slow", priority: Priority.Low);
        var closed = await FileAsync(department, "Server noisy", priority: Priority.Critical);
        await _tooling.ChangeTicketStatusAsync(new ChangeTicketStatusRequest { Number = closed.Number, Status = TicketStatus.Resolved });

        var reply = await _tooling.ListTicketsAsync(new ListTicketsRequest
        {
            Filter = new TicketFilter
            {
                Query = "server",
                DepartmentIds = { department },
                Priorities = { Priority.Critical, Priority.High },
                Statuses = { TicketStatus.New },
            },
        });
        var counts = await _tooling.CountTicketsAsync(new CountTicketsRequest { Filter = new TicketFilter { DepartmentIds = { department } }, ByStatus = true });

        reply.Tickets.Select(t => t.Number).ShouldBe([hit.Number]);
        counts.Total.ShouldBe(3);
        counts.ByStatus.Select(c => (c.Status, c.Count)).ShouldBe([(TicketStatus.New, 2L), (TicketStatus.Resolved, 1L)]);
    }

    [Fact]
    public async Task Each_caller_lists_only_what_they_may_read()
    {
        var department = await NewDepartment();
        var requester = TestIdentity.User("tickets.create", "tickets.read.own");
        var agent = TestIdentity.User("tickets.create", "tickets.read.own", "tickets.read.assigned", "tasks.act");
        var own = await FileAsync(department, "Mine", requester: requester);
        var worked = await FileAsync(department, "Worked by the agent");
        await FileAsync(department, "Someone else's");
        await _tooling.SyncWorkStateAsync(new SyncWorkStateRequest
        {
            TicketNumber = worked.Number,
            WorkState = new WorkState { AssigneeId = agent.Id.ToString(), Version = 1, SlaState = SlaState.OnTrack },
        });

        (await SearchAsync(department, "", new TicketService.TicketServiceClient(factory.ChannelAs(requester)))).ShouldBe(["Mine"]);
        (await SearchAsync(department, "", new TicketService.TicketServiceClient(factory.ChannelAs(agent)))).ShouldBe(["Worked by the agent"]);
        (await SearchAsync(department, "")).Count.ShouldBe(3);
        own.Number.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_page_token_keeps_its_place_while_new_tickets_arrive()
    {
        var department = await NewDepartment();
        for (var i = 1; i <= 5; i++)
            await FileAsync(department, $"Ticket {i}");
        var request = new ListTicketsRequest { Filter = new TicketFilter { DepartmentIds = { department } }, PageSize = 2 };

        var first = await _tooling.ListTicketsAsync(request);
        await FileAsync(department, "Ticket 6 (new)");
        var second = await _tooling.ListTicketsAsync(new ListTicketsRequest(request) { PageToken = first.NextPageToken });
        var third = await _tooling.ListTicketsAsync(new ListTicketsRequest(request) { PageToken = second.NextPageToken });

        first.Tickets.Select(t => t.Subject).ShouldBe(["Ticket 5", "Ticket 4"]);
        second.Tickets.Select(t => t.Subject).ShouldBe(["Ticket 3", "Ticket 2"]);
        third.Tickets.Select(t => t.Subject).ShouldBe(["Ticket 1"]);
        third.NextPageToken.ShouldBeEmpty();
    }

    [Fact]
    public async Task Pages_sorted_by_last_update_and_by_relevance_continue_without_repeats()
    {
        var department = await NewDepartment();
        for (var i = 1; i <= 5; i++)
            await FileAsync(department, $"Disk {i} full", description: string.Join(' ', Enumerable.Repeat("disk", i)));

        foreach (var sort in new[] { TicketSort.UpdatedDesc, TicketSort.Relevance, TicketSort.PriorityDesc, TicketSort.SlaDueAsc, TicketSort.CreatedAsc })
        {
            var seen = new List<string>();
            var token = "";
            do
            {
                var page = await _tooling.ListTicketsAsync(new ListTicketsRequest
                {
                    Filter = new TicketFilter { DepartmentIds = { department }, Query = "disk" }, Sort = sort, PageSize = 2, PageToken = token,
                });
                seen.AddRange(page.Tickets.Select(t => t.Number));
                token = page.NextPageToken;
            }
            while (token.Length > 0);
            seen.Count.ShouldBe(5, $"sort {sort}");
            seen.Distinct().Count().ShouldBe(5, $"sort {sort}");
        }
    }

    [Fact]
    public async Task A_foreign_page_token_or_bad_filter_is_refused_naming_the_field()
    {
        var badToken = await Should.ThrowAsync<RpcException>(() => _tooling.ListTicketsAsync(new ListTicketsRequest { PageToken = "not-a-token" }).ResponseAsync);
        var badFilter = await Should.ThrowAsync<RpcException>(() => _tooling.ListTicketsAsync(new ListTicketsRequest
        {
            Filter = new TicketFilter { DepartmentIds = { "nope" }, Statuses = { TicketStatus.Unspecified } },
        }).ResponseAsync);

        badToken.ViolatedFields().ShouldBe(["page_token"]);
        badFilter.ViolatedFields().ShouldBe(["filter.statuses", "filter.department_ids"], ignoreOrder: true);
    }
}

/// <summary>
/// "Best match first" over more matches than one relevance window holds (three here): each window of newest matches is
/// ranked on its own, the next older window follows, and paging shows every match once whether or not a page ends
/// where a window does.
/// </summary>
public sealed class RelevanceWindowTests(SmallRelevanceWindowFactory factory) : IClassFixture<SmallRelevanceWindowFactory>
{
    private readonly TicketService.TicketServiceClient _tooling = new(factory.Channel);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(100)]
    public async Task Each_window_of_newest_matches_is_ranked_and_older_windows_follow(int pageSize)
    {
        var department = await factory.NewDepartmentAsync();
        // Older tickets match better (the word more often), so ranking all seven would put them in filing order.
        for (var i = 1; i <= 7; i++)
        {
            await _tooling.CreateTicketAsync(new CreateTicketRequest
            {
                Subject = $"Backup {i}",
                Description = string.Join(' ', Enumerable.Repeat("backup", 8 - i)),
                RequesterId = Guid.NewGuid().ToString(),
                DepartmentId = department,
                Priority = Priority.Medium,
            });
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await _tooling.ListTicketsAsync(new ListTicketsRequest
            {
                Filter = new TicketFilter { DepartmentIds = { department }, Query = "backup" }, Sort = TicketSort.Relevance, PageSize = pageSize, PageToken = token,
            });
            page.Tickets.Count.ShouldBeLessThanOrEqualTo(pageSize);
            seen.AddRange(page.Tickets.Select(t => t.Subject));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        seen.ShouldBe(["Backup 5", "Backup 6", "Backup 7", "Backup 2", "Backup 3", "Backup 4", "Backup 1"]);
    }
}
