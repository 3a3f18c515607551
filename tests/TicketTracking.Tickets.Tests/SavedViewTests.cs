using Grpc.Core;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;

namespace TicketTracking.Tickets.Tests;

/// <summary>Saved views: per user, checked like a list's filter, shared only by administrators, never widening access.</summary>
public sealed class SavedViewTests(TicketsFactory factory) : IClassFixture<TicketsFactory>
{
    private static readonly TestIdentity Admin = TestIdentity.User("tickets.read.all", "users.manage", "tickets.read.own");

    private SavedViewService.SavedViewServiceClient ViewsOf(TestIdentity identity) => new(factory.ChannelAs(identity));

    [Fact]
    public async Task A_user_saves_lists_edits_and_deletes_their_own_views_only()
    {
        var me = TestIdentity.User("tickets.read.own");
        var other = TestIdentity.User("tickets.read.own");
        var created = (await ViewsOf(me).CreateSavedViewAsync(new CreateSavedViewRequest
        {
            Name = "My open criticals",
            Filter = new TicketFilter { Statuses = { TicketStatus.New, TicketStatus.Open }, Priorities = { Priority.Critical } },
            Sort = TicketSort.UpdatedDesc,
            Columns = { "number", "subject" },
            Pinned = true,
        })).SavedView;

        var mine = (await ViewsOf(me).ListSavedViewsAsync(new ListSavedViewsRequest())).SavedViews;
        var theirs = (await ViewsOf(other).ListSavedViewsAsync(new ListSavedViewsRequest { IncludeShared = true })).SavedViews;
        var renamed = (await ViewsOf(me).UpdateSavedViewAsync(new UpdateSavedViewRequest { Id = created.Id, Name = "Criticals", Filter = created.Filter, ExpectedVersion = created.Version })).SavedView;
        var stranger = await Should.ThrowAsync<RpcException>(() => ViewsOf(other).DeleteSavedViewAsync(new DeleteSavedViewRequest { Id = created.Id }).ResponseAsync);
        await ViewsOf(me).DeleteSavedViewAsync(new DeleteSavedViewRequest { Id = created.Id });

        mine.ShouldHaveSingleItem().Filter.ShouldBe(created.Filter);
        theirs.ShouldNotContain(v => v.Id == created.Id);
        renamed.Name.ShouldBe("Criticals");
        stranger.StatusCode.ShouldBe(StatusCode.NotFound);
        (await ViewsOf(me).ListSavedViewsAsync(new ListSavedViewsRequest())).SavedViews.ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_an_administrator_shares_a_view_and_everyone_then_sees_it()
    {
        var requester = TestIdentity.User("tickets.read.own");
        var refused = await Should.ThrowAsync<RpcException>(() => ViewsOf(requester).CreateSavedViewAsync(
            new CreateSavedViewRequest { Name = "Everyone's", Shared = true }).ResponseAsync);
        var shared = (await ViewsOf(Admin).CreateSavedViewAsync(new CreateSavedViewRequest
        {
            Name = $"Due today {Guid.NewGuid():N}"[..20], Shared = true, Sort = TicketSort.SlaDueAsc,
        })).SavedView;

        refused.ViolatedFields().ShouldBe(["shared"]);
        (await ViewsOf(requester).ListSavedViewsAsync(new ListSavedViewsRequest { IncludeShared = true })).SavedViews.Select(v => v.Id).ShouldContain(shared.Id);
    }

    [Fact]
    public async Task A_view_with_a_filter_list_tickets_would_refuse_is_refused_naming_the_field()
    {
        var error = await Should.ThrowAsync<RpcException>(() => ViewsOf(Admin).CreateSavedViewAsync(new CreateSavedViewRequest
        {
            Name = "Broken", Filter = new TicketFilter { DepartmentIds = { "not-a-uuid" } },
        }).ResponseAsync);

        error.ViolatedFields().ShouldBe(["filter.department_ids"]);
    }
}
