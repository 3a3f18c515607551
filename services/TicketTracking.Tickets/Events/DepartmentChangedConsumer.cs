using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Eventing.Inbox;
using TicketTracking.Protos.Events.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.Tickets.Data;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Events;

/// <summary>
/// Upserts the read copy of a department from Auth's <c>department-changed</c> event, which carries the department's
/// whole state. Idempotent twice over: the event id goes to the inbox in the same transaction as the change, and an
/// event no newer than the copy (a late redelivery overtaken by a newer one) changes nothing.
/// </summary>
public sealed class DepartmentChangedConsumer(TicketsDbContext db, TimeProvider clock) : IEventConsumer<DepartmentChanged>
{
    public const string InboxConsumer = "department-changed";

    public async Task<HandlerResult> HandleAsync(DepartmentChanged payload, EventContext context, CancellationToken cancellationToken)
    {
        // Auth never sends these; retrying one could not make it valid.
        if (!Guid.TryParse(payload.DepartmentId, out var id) || payload.AggregateVersion <= 0
            || string.IsNullOrWhiteSpace(payload.Code) || string.IsNullOrWhiteSpace(payload.Name))
            return HandlerResult.Drop;

        var key = context.EventId.ToString();
        if (await db.FindHandledAsync(InboxConsumer, key, cancellationToken) is not null)
            return HandlerResult.Success;

        var now = clock.UtcNowForDatabase();
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (department is null)
            db.Departments.Add(Department.FromEvent(id, payload.Code, payload.Name, payload.Active, payload.AggregateVersion, now));
        else
            department.ApplyEvent(payload.Code, payload.Name, payload.Active, payload.AggregateVersion, now);
        db.RecordHandled(InboxConsumer, key, id, now);
        // A concurrent writer of the same row or event id makes this throw; the dispatcher answers RETRY, and the next
        // attempt sees what won.
        await db.SaveChangesAsync(cancellationToken);
        return HandlerResult.Success;
    }
}
