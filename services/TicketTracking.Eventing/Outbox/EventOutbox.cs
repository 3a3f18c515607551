using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Eventing.Outbox;

/// <summary>Stages events in the caller's DbContext; they are written by the same SaveChangesAsync as the change.</summary>
public sealed class EventOutbox(AppIdentity app, TimeProvider clock)
{
    public void Stage(DbContext db, IMessage payload, string aggregateId)
    {
        var id = Ids.New();
        var now = clock.UtcNowForDatabase();
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = id,
            Topic = EventTopics.For(payload.Descriptor),
            AggregateId = aggregateId,
            Envelope = CloudEventEnvelope.Encode(id, app.AppId, payload, now),
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
