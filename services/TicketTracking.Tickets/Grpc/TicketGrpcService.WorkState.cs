using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketTracking.Eventing.Inbox;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using DomainSlaState = TicketTracking.Tickets.Domain.SlaState;
using DomainWorkState = TicketTracking.Tickets.Domain.WorkState;
using HistoryEntry = TicketTracking.Tickets.Domain.TicketHistoryEntry;
using HistoryKind = TicketTracking.Tickets.Domain.TicketHistoryKind;
using Ticket = TicketTracking.Tickets.Domain.Ticket;

namespace TicketTracking.Tickets.Grpc;

/// <summary>The work-state mirror Workflow keeps current (ARCHITECTURE.md §3).</summary>
public sealed partial class TicketGrpcService
{
    public override async Task<SyncWorkStateResponse> SyncWorkState(SyncWorkStateRequest request, ServerCallContext context)
    {
        var state = request.WorkState;
        var violations = new FieldViolations()
            .Check(state is not null, "work_state", "is required.")
            .MaxLength("idempotency_key", request.IdempotencyKey, Inbox.MaxMessageIdLength);
        if (state is not null)
        {
            violations
                .Uuid("work_state.task_id", state.TaskId, required: false)
                .Uuid("work_state.assignee_id", state.AssigneeId, required: false)
                .Uuid("work_state.owner_id", state.OwnerId, required: false)
                .Check(state.ParticipantIds.All(id => Guid.TryParse(id, out _)), "work_state.participant_ids", "must be UUIDs.")
                .Check(state.Version > 0, "work_state.version", "must be positive.")
                .MaxLength("work_state.current_step_name", state.CurrentStepName, 200)
                .MaxLength("work_state.current_step_id", state.CurrentStepId, 64);
        }
        violations.ThrowIfAny();

        var (ticket, caller) = await ReadableAsync(request.TicketNumber, context, field: "ticket_number");
        var now = clock.UtcNowForDatabase();
        var changes = ticket.ApplyWorkState(new DomainWorkState(
            Ids.Optional(state!.TaskId),
            state.CurrentStepId,
            state.CurrentStepName,
            Ids.Optional(state.AssigneeId),
            Ids.Optional(state.OwnerId),
            [.. state.ParticipantIds.Select(Guid.Parse)],
            state.SlaState == Protos.Common.V1.SlaState.Unspecified ? DomainSlaState.None : System.Enum.Parse<DomainSlaState>(state.SlaState.ToString()),
            state.SlaDueAt?.ToDateTimeOffset(),
            state.Version), now);
        if (changes is null)
            return new SyncWorkStateResponse { Applied = false, Ticket = ToProto(ticket) };
        foreach (var change in changes)
            db.History.Add(HistoryEntry.Record(ticket.Id, HistoryKind.WorkStateChanged, change.Field, change.OldValue, change.NewValue, "", caller.Id, now));
        await db.SaveChangesAsync(context.CancellationToken);
        return new SyncWorkStateResponse { Applied = true, Ticket = ToProto(ticket) };
    }

    private static WorkState? ToProtoWorkState(Ticket ticket) => ticket.WorkStateVersion == 0 ? null : new WorkState
    {
        TaskId = Ids.ToProto(ticket.TaskId),
        CurrentStepId = ticket.CurrentStepId,
        CurrentStepName = ticket.CurrentStepName,
        AssigneeId = Ids.ToProto(ticket.AssigneeId),
        OwnerId = Ids.ToProto(ticket.OwnerId),
        ParticipantIds = { ticket.ParticipantIds.Select(id => id.ToString()) },
        SlaState = ticket.SlaState is { } sla ? System.Enum.Parse<Protos.Common.V1.SlaState>(sla.ToString()) : Protos.Common.V1.SlaState.None,
        SlaDueAt = ticket.SlaDueAt is { } due ? Timestamp.FromDateTimeOffset(due) : null,
        Version = ticket.WorkStateVersion,
        UpdatedAt = ticket.WorkStateUpdatedAt is { } updated ? Timestamp.FromDateTimeOffset(updated) : null,
    };
}
