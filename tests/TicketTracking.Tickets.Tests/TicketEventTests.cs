using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using TicketTracking.Eventing;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;
using BuiltInDepartments = TicketTracking.Tickets.Domain.BuiltInDepartments;

namespace TicketTracking.Tickets.Tests;

public sealed class TicketEventTests(TicketsFactory factory) : IClassFixture<TicketsFactory>
{
    private readonly TicketService.TicketServiceClient _client = new(factory.Channel);

    private async Task<Ticket> CreateTicket() => (await _client.CreateTicketAsync(new CreateTicketRequest
    {
        Subject = "Monitor flickers",
        Description = "Since Monday.",
        RequesterId = Guid.CreateVersion7().ToString(),
        DepartmentId = BuiltInDepartments.It.ToString(),
        Priority = Priority.Medium,
    })).Ticket;

    [Fact]
    public async Task Creating_a_ticket_writes_one_ticket_created_event_in_the_same_transaction()
    {
        var ticket = await CreateTicket();

        var rows = await factory.WithDatabase(db => db.Set<OutboxMessage>().Where(m => m.AggregateId == ticket.Id).ToListAsync());

        var row = rows.ShouldHaveSingleItem();
        row.Topic.ShouldBe("ticket-created");
        var envelope = CloudEventEnvelope.Decode(row.Envelope);
        envelope.Id.ShouldBe(row.Id);
        var created = envelope.Payload.ShouldBeOfType<TicketCreated>();
        created.TicketNumber.ShouldBe(ticket.Number);
        created.RequesterId.ShouldBe(ticket.RequesterId);
        created.Priority.ShouldBe(Priority.Medium);
    }

    [Fact]
    public async Task The_relay_publishes_the_exact_outbox_bytes_to_the_topic_exchange_and_marks_the_row_sent()
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestEnvironment.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync("ticket-created", ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, "ticket-created", "");
        var received = Channel.CreateUnbounded<BasicDeliverEventArgs>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) => await received.Writer.WriteAsync(delivery);
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

        var ticket = await CreateTicket();
        var row = await factory.WithDatabase(db => db.Set<OutboxMessage>().SingleAsync(m => m.AggregateId == ticket.Id));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        BasicDeliverEventArgs delivery;
        do
        {
            delivery = await received.Reader.ReadAsync(timeout.Token);
        }
        while (delivery.BasicProperties.MessageId != row.Id.ToString());
        delivery.Body.ToArray().ShouldBe(row.Envelope);
        delivery.BasicProperties.ContentType.ShouldBe("application/cloudevents+json");
        delivery.BasicProperties.DeliveryMode.ShouldBe(DeliveryModes.Persistent);

        DateTimeOffset? sentAt = null;
        while (sentAt is null && !timeout.IsCancellationRequested)
        {
            sentAt = await factory.WithDatabase(db => db.Set<OutboxMessage>().Where(m => m.Id == row.Id).Select(m => m.SentAt).SingleAsync());
            if (sentAt is null)
                await Task.Delay(50, timeout.Token);
        }
        sentAt.ShouldNotBeNull();
    }
}
