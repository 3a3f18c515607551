using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Protos.Messaging.V1;
using TicketTracking.Testing;

namespace TicketTracking.Messaging.Tests;

public sealed class MessageServiceTests(MessagingFactory factory) : IClassFixture<MessagingFactory>
{
    private readonly MessageService.MessageServiceClient _client = new(factory.Channel);

    private static string NewTicketNumber() => $"TT-{Random.Shared.Next(100_000, 999_999_999):D6}";

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
        var ticket = NewTicketNumber();
        await Post(ticket, "first");
        await Post(ticket, "second");
        await Post(NewTicketNumber(), "elsewhere");

        var reply = await _client.ListMessagesAsync(new ListMessagesRequest { TicketNumber = ticket });

        reply.Messages.Select(m => m.Body).ShouldBe(["first", "second"]);
    }

    [Fact]
    public async Task Internal_notes_are_left_out_unless_asked_for()
    {
        var ticket = NewTicketNumber();
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
        var ticket = NewTicketNumber();
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
}
