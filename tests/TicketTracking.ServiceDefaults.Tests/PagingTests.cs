using Grpc.Core;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.Testing;

namespace TicketTracking.ServiceDefaults.Tests;

public sealed class PagingTests
{
    [Fact]
    public void Page_token_round_trips_the_last_id()
    {
        var id = Guid.CreateVersion7();

        Paging.After(Paging.Token(id)).ShouldBe(id);
    }

    [Fact]
    public void Empty_page_token_means_the_first_page() => Paging.After("").ShouldBeNull();

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAA")]
    public void Foreign_page_token_is_rejected_naming_the_field(string token)
    {
        var error = Should.Throw<RpcException>(() => Paging.After(token));

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.ViolatedFields().ShouldBe(["page_token"]);
    }

    [Theory]
    [InlineData(0, Paging.DefaultPageSize)]
    [InlineData(7, 7)]
    [InlineData(10_000, Paging.MaxPageSize)]
    public void Page_size_defaults_and_is_capped(int requested, int expected) => Paging.PageSize(requested).ShouldBe(expected);

    [Fact]
    public void Negative_page_size_is_rejected() =>
        Should.Throw<RpcException>(() => Paging.PageSize(-1)).ViolatedFields().ShouldBe(["page_size"]);

    [Fact]
    public void Split_gives_a_token_only_when_a_row_beyond_the_page_was_fetched()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.CreateVersion7()).ToList();

        var (full, next) = Paging.Split(ids, 3, id => id);
        full.Count.ShouldBe(3);
        Paging.After(next).ShouldBe(ids[2]);

        var (last, none) = Paging.Split(ids[..3], 3, id => id);
        last.Count.ShouldBe(3);
        none.ShouldBeEmpty();
    }
}
