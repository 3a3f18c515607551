using Grpc.Core;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;
using BuiltInDepartments = TicketTracking.Tickets.Domain.BuiltInDepartments;

namespace TicketTracking.Tickets.Tests;

public sealed class TicketServiceTests(TicketsFactory factory) : IClassFixture<TicketsFactory>
{
    private readonly TicketService.TicketServiceClient _client = new(factory.Channel);

    private static CreateTicketRequest NewTicket(string subject = "Laptop does not boot") => new()
    {
        Subject = subject,
        Description = "Black screen after the update.",
        RequesterId = Guid.CreateVersion7().ToString(),
        DepartmentId = BuiltInDepartments.It.ToString(),
        Priority = Priority.High,
        Tags = { " Laptop ", "laptop", "Boot" },
    };

    [Fact]
    public async Task Created_ticket_gets_the_next_number_and_status_new()
    {
        var first = (await _client.CreateTicketAsync(NewTicket())).Ticket;
        var second = (await _client.CreateTicketAsync(NewTicket("Second"))).Ticket;

        first.Number.ShouldMatch("^TT-[0-9]{6}$");
        long.Parse(second.Number[3..]).ShouldBe(long.Parse(first.Number[3..]) + 1);
        first.Status.ShouldBe(TicketStatus.New);
        first.Priority.ShouldBe(Priority.High);
        first.Tags.ShouldBe(["laptop", "boot"]);
    }

    [Theory]
    [InlineData("TT-{0}")]
    [InlineData("tt-{0}")]
    [InlineData("{1}")]
    public async Task A_ticket_is_found_by_its_number_or_its_digits(string format)
    {
        var created = (await _client.CreateTicketAsync(NewTicket())).Ticket;
        var digits = created.Number[3..];

        var found = (await _client.GetTicketAsync(new GetTicketRequest { Number = string.Format(null, format, digits, long.Parse(digits)) })).Ticket;

        found.ShouldBe(created);
    }

    [Fact]
    public async Task Bad_input_names_every_bad_field()
    {
        var request = NewTicket(subject: "");
        request.RequesterId = "someone";
        request.Priority = Priority.Unspecified;

        var error = await Should.ThrowAsync<RpcException>(() => _client.CreateTicketAsync(request).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.ViolatedFields().ShouldBe(["subject", "requester_id", "priority"]);
    }

    [Fact]
    public async Task An_unknown_number_is_not_found()
    {
        var error = await Should.ThrowAsync<RpcException>(() =>
            _client.GetTicketAsync(new GetTicketRequest { Number = "TT-999999999" }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Fact]
    public async Task A_malformed_number_is_invalid()
    {
        var error = await Should.ThrowAsync<RpcException>(() => _client.GetTicketAsync(new GetTicketRequest { Number = "TT-12a" }).ResponseAsync);

        error.ViolatedFields().ShouldBe(["number"]);
    }
}
