using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Protos.Messaging.V1;
using TicketTracking.Testing;

namespace TicketTracking.Messaging.Tests;

public sealed class MessageServiceTests(MessagingFactory factory) : IClassFixture<MessagingFactory>
{
    private readonly MessageService.MessageServiceClient _client = new(factory.Channel);

    private static readonly TestIdentity Requester = TestIdentity.User("tickets.create", "tickets.read.own");

    private Task<string> NewTicketNumber() => factory.NewTicketAsync(Requester);

    private async Task<Message> Post(string ticket, string body, Visibility visibility = Visibility.Public, string key = "") =>
        (await _client.PostMessageAsync(new PostMessageRequest
        {
            TicketNumber = ticket,
            AuthorId = Guid.CreateVersion7().ToString(),
            Body = body,
            Visibility = visibility,
            IdempotencyKey = key,
        })).Message;

    [Fact]
    public async Task The_conversation_lists_in_posting_order()
    {
        var ticket = await NewTicketNumber();
        await Post(ticket, "first");
        await Post(ticket, "second");
        await Post(await NewTicketNumber(), "elsewhere");

        var reply = await _client.ListMessagesAsync(new ListMessagesRequest { TicketNumber = ticket });

        reply.Messages.Select(m => m.Body).ShouldBe(["first", "second"]);
    }

    [Fact]
    public async Task Internal_notes_are_left_out_unless_asked_for()
    {
        var ticket = await NewTicketNumber();
        await Post(ticket, "reply");
        await Post(ticket, "note", Visibility.Internal);

        var publicOnly = await _client.ListMessagesAsync(new ListMessagesRequest { TicketNumber = ticket });
        var all = await _client.ListMessagesAsync(new ListMessagesRequest { TicketNumber = ticket, IncludeInternal = true });

        publicOnly.Messages.Select(m => m.Body).ShouldBe(["reply"]);
        all.Messages.Select(m => m.Body).ShouldBe(["reply", "note"]);
    }

    [Fact]
    public async Task A_retried_post_with_the_same_key_stores_one_message()
    {
        var ticket = await NewTicketNumber();
        var key = Guid.CreateVersion7().ToString();

        var first = await Post(ticket, "hello", key: key);
        var again = await Post(ticket, "hello", key: key);

        again.Id.ShouldBe(first.Id);
        var stored = await factory.WithDatabase(db => db.Messages.CountAsync(m => m.TicketNumber == ticket));
        stored.ShouldBe(1);
    }

    [Fact]
    public async Task Bad_input_names_every_bad_field()
    {
        var error = await Should.ThrowAsync<RpcException>(() => _client.PostMessageAsync(new PostMessageRequest
        {
            TicketNumber = "123",
            AuthorId = Guid.CreateVersion7().ToString(),
            Body = "",
        }).ResponseAsync);

        error.ViolatedFields().ShouldBe(["ticket_number", "body", "visibility"]);
    }

    [Fact]
    public async Task A_requester_reads_and_posts_public_replies_on_their_own_ticket_only()
    {
        var ticket = await NewTicketNumber();
        await Post(ticket, "note", Visibility.Internal);
        var asRequester = new MessageService.MessageServiceClient(factory.ChannelAs(Requester));
        var asStranger = new MessageService.MessageServiceClient(factory.ChannelAs(TestIdentity.User("tickets.create", "tickets.read.own")));
        PostMessageRequest Reply(Visibility visibility, Guid author) => new()
        {
            TicketNumber = ticket, AuthorId = author.ToString(), Body = "Any news?", Visibility = visibility,
        };

        (await asRequester.PostMessageAsync(Reply(Visibility.Public, Requester.Id))).Message.Body.ShouldBe("Any news?");
        (await asRequester.ListMessagesAsync(new ListMessagesRequest { TicketNumber = ticket })).Messages.Select(m => m.Body).ShouldBe(["Any news?"]);
        var internalList = await Should.ThrowAsync<RpcException>(() => asRequester.ListMessagesAsync(new ListMessagesRequest { TicketNumber = ticket, IncludeInternal = true }).ResponseAsync);
        var internalPost = await Should.ThrowAsync<RpcException>(() => asRequester.PostMessageAsync(Reply(Visibility.Internal, Requester.Id)).ResponseAsync);
        var impersonation = await Should.ThrowAsync<RpcException>(() => asRequester.PostMessageAsync(Reply(Visibility.Public, Guid.NewGuid())).ResponseAsync);
        var stranger = await Should.ThrowAsync<RpcException>(() => asStranger.ListMessagesAsync(new ListMessagesRequest { TicketNumber = ticket }).ResponseAsync);

        internalList.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        internalPost.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        impersonation.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        stranger.StatusCode.ShouldBe(StatusCode.NotFound);
    }
}
