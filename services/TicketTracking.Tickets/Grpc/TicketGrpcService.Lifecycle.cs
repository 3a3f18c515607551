using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing.Inbox;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.Tickets.Domain;
using DomainStatus = TicketTracking.Tickets.Domain.TicketStatus;
using HistoryEntry = TicketTracking.Tickets.Domain.TicketHistoryEntry;
using HistoryKind = TicketTracking.Tickets.Domain.TicketHistoryKind;
using Ticket = TicketTracking.Tickets.Domain.Ticket;

namespace TicketTracking.Tickets.Grpc;

/// <summary>Editing a ticket and moving it along its lifecycle; every change goes to its history and out as an event.</summary>
public sealed partial class TicketGrpcService
{
    public override async Task<UpdateTicketResponse> UpdateTicket(UpdateTicketRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations().MaxLength("reason", request.Reason, TicketsOptions.MaxReasonLength);
        if (request.HasSubject)
            violations.Required("subject", request.Subject).MaxLength("subject", request.Subject, Ticket.MaxSubjectLength);
        if (request.HasDescription)
            violations.Required("description", request.Description).MaxLength("description", request.Description, Ticket.MaxDescriptionLength);
        if (request.HasDepartmentId)
            violations.Uuid("department_id", request.DepartmentId);
        if (request.HasCategoryId)
            violations.Uuid("category_id", request.CategoryId, required: false);
        if (request.HasSubcategoryId)
            violations.Uuid("subcategory_id", request.SubcategoryId, required: false);
        if (request.HasPriority)
            violations.Check(request.Priority != Priority.Unspecified && System.Enum.IsDefined(request.Priority), "priority", "must be one of LOW, MEDIUM, HIGH, CRITICAL.");
        if (request.Tags is { } tags)
            CheckTags(violations, tags.Values);
        violations.ThrowIfAny();

        var (ticket, caller) = await ReadableAsync(request.Number, context);
        var staff = TicketPermissions.MayWork(caller, ticket);
        if (!staff && !(caller.IsUser(ticket.RequesterId) && ticket.Status == DomainStatus.New))
            throw GrpcErrors.Forbidden("Requesters may edit their ticket only while it is new.");
        if (!staff && (request.HasDepartmentId || request.HasCategoryId || request.HasSubcategoryId || request.HasPriority))
            throw GrpcErrors.Forbidden("Only staff can change a ticket's department, category or priority.");
        GrpcErrors.ExpectVersion(ticket.Version, request.ExpectedVersion, $"Ticket {ticket.DisplayNumber}");

        // A ticket may stay in a department deactivated after it was filed, but none moves into one.
        if (request.HasDepartmentId && Guid.Parse(request.DepartmentId) != ticket.DepartmentId)
            await DepartmentChecks.RequireActiveAsync(db, Guid.Parse(request.DepartmentId), context.CancellationToken);

        // A new classification or new fields are checked together, as the ticket will be after the edit.
        string? fields = null;
        if (request.HasDepartmentId || request.HasCategoryId || request.HasSubcategoryId || request.Fields is not null)
        {
            fields = await CategoryChecks.CheckAsync(db,
                request.HasDepartmentId ? Guid.Parse(request.DepartmentId) : ticket.DepartmentId,
                request.HasCategoryId ? Ids.Optional(request.CategoryId) : ticket.CategoryId,
                request.HasSubcategoryId ? Ids.Optional(request.SubcategoryId) : ticket.SubcategoryId,
                request.Fields ?? Google.Protobuf.JsonParser.Default.Parse<Struct>(ticket.Fields),
                context.CancellationToken);
        }

        var before = (ticket.DepartmentId, ticket.CategoryId, ticket.SubcategoryId, ticket.Priority);
        var now = clock.UtcNowForDatabase();
        var changes = ticket.Edit(
            request.HasSubject ? request.Subject : null,
            request.HasDescription ? request.Description : null,
            request.HasDepartmentId ? Guid.Parse(request.DepartmentId) : null,
            request.HasCategoryId ? new Replacement<Guid?>(Ids.Optional(request.CategoryId)) : null,
            request.HasSubcategoryId ? new Replacement<Guid?>(Ids.Optional(request.SubcategoryId)) : null,
            request.HasPriority ? System.Enum.Parse<TicketPriority>(request.Priority.ToString()) : null,
            request.Tags?.Values,
            fields,
            now);
        if (changes.Count == 0)
            return new UpdateTicketResponse { Ticket = ToProto(ticket) };

        foreach (var change in changes)
            db.History.Add(HistoryEntry.Record(ticket.Id, HistoryKind.FieldChanged, change.Field, change.OldValue, change.NewValue, request.Reason.Trim(), caller.Id, now));
        events.Stage(db, new TicketUpdated
        {
            TicketId = ticket.Id.ToString(),
            AggregateVersion = ticket.Revision,
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            ActorId = caller.Id.ToString(),
            TicketNumber = ticket.DisplayNumber,
            ChangedFields = { changes.Select(c => c.Field) },
            Subject = ticket.Subject,
            RequesterId = ticket.RequesterId.ToString(),
            DepartmentId = ticket.DepartmentId.ToString(),
            CategoryId = Ids.ToProto(ticket.CategoryId),
            SubcategoryId = Ids.ToProto(ticket.SubcategoryId),
            Priority = ToProto(ticket.Priority),
            PreviousDepartmentId = before.DepartmentId.ToString(),
            PreviousCategoryId = Ids.ToProto(before.CategoryId),
            PreviousSubcategoryId = Ids.ToProto(before.SubcategoryId),
            PreviousPriority = ToProto(before.Priority),
        }, ticket.Id.ToString());
        await db.SaveChangesAsync(context.CancellationToken);
        return new UpdateTicketResponse { Ticket = ToProto(ticket) };
    }

    public override async Task<ChangeTicketStatusResponse> ChangeTicketStatus(ChangeTicketStatusRequest request, ServerCallContext context)
    {
        new FieldViolations()
            .Check(request.Status != Protos.Tickets.V1.TicketStatus.Unspecified && System.Enum.IsDefined(request.Status), "status", "must be a ticket status.")
            .MaxLength("reason", request.Reason, TicketsOptions.MaxReasonLength)
            .MaxLength("idempotency_key", request.IdempotencyKey, Inbox.MaxMessageIdLength)
            .ThrowIfAny();
        var key = request.IdempotencyKey;
        if (key.Length > 0 && await db.FindHandledAsync(nameof(ChangeTicketStatus), key, context.CancellationToken) is not null)
            return new ChangeTicketStatusResponse { Ticket = ToProto((await ReadableAsync(request.Number, context)).Ticket) };

        var (ticket, caller) = await ReadableAsync(request.Number, context);
        if (!TicketPermissions.MayWork(caller, ticket))
            throw GrpcErrors.Forbidden("Only staff working the ticket can change its status; requesters withdraw or reopen.");
        GrpcErrors.ExpectVersion(ticket.Version, request.ExpectedVersion, $"Ticket {ticket.DisplayNumber}");
        var now = clock.UtcNowForDatabase();
        var from = ticket.ChangeStatus(System.Enum.Parse<DomainStatus>(request.Status.ToString()), now);
        RecordStatusChange(ticket, from, request.Reason, caller, now);
        if (key.Length > 0)
            db.RecordHandled(nameof(ChangeTicketStatus), key, ticket.Id, now);
        await db.SaveChangesAsync(context.CancellationToken);
        return new ChangeTicketStatusResponse { Ticket = ToProto(ticket) };
    }

    public override async Task<WithdrawTicketResponse> WithdrawTicket(WithdrawTicketRequest request, ServerCallContext context)
    {
        new FieldViolations().MaxLength("reason", request.Reason, TicketsOptions.MaxReasonLength).ThrowIfAny();
        var (ticket, caller) = await ReadableAsync(request.Number, context);
        if (!caller.IsUser(ticket.RequesterId) && !caller.IsServiceAccount)
            throw GrpcErrors.Forbidden("Only the requester can withdraw a ticket.");
        GrpcErrors.ExpectVersion(ticket.Version, request.ExpectedVersion, $"Ticket {ticket.DisplayNumber}");
        var now = clock.UtcNowForDatabase();
        var from = ticket.Withdraw(now);
        RecordStatusChange(ticket, from, request.Reason, caller, now);
        await db.SaveChangesAsync(context.CancellationToken);
        return new WithdrawTicketResponse { Ticket = ToProto(ticket) };
    }

    public override async Task<ReopenTicketResponse> ReopenTicket(ReopenTicketRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("reason", request.Reason).MaxLength("reason", request.Reason, TicketsOptions.MaxReasonLength).ThrowIfAny();
        var (ticket, caller) = await ReadableAsync(request.Number, context);
        var staff = TicketPermissions.MayWork(caller, ticket);
        if (!staff && !caller.IsUser(ticket.RequesterId))
            throw GrpcErrors.Forbidden("Only the requester or staff can reopen a ticket.");
        GrpcErrors.ExpectVersion(ticket.Version, request.ExpectedVersion, $"Ticket {ticket.DisplayNumber}");
        var now = clock.UtcNowForDatabase();
        var from = ticket.Reopen(staff ? null : options.Value.ReopenWindow, now);
        RecordStatusChange(ticket, from, request.Reason, caller, now);
        await db.SaveChangesAsync(context.CancellationToken);
        return new ReopenTicketResponse { Ticket = ToProto(ticket) };
    }

    public override async Task<ListTicketHistoryResponse> ListTicketHistory(ListTicketHistoryRequest request, ServerCallContext context)
    {
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.After(request.PageToken);
        var (ticket, caller) = await ReadableAsync(request.Number, context, tracked: false);
        // Who works the ticket is staff business; requesters see their ticket's own changes.
        var staffView = TicketPermissions.MayReadInternal(caller, ticket);
        var fetched = await db.History.AsNoTracking()
            .Where(e => e.TicketId == ticket.Id && (after == null || e.Id > after))
            .Where(e => staffView || (e.Kind != HistoryKind.WorkStateChanged && !e.Internal))
            .OrderBy(e => e.Id)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);
        var (page, next) = Paging.Split(fetched, pageSize, e => e.Id);
        return new ListTicketHistoryResponse { Entries = { page.Select(ToProto) }, NextPageToken = next };
    }

    private void RecordStatusChange(Ticket ticket, DomainStatus from, string reason, Caller caller, DateTimeOffset now)
    {
        db.History.Add(HistoryEntry.Record(ticket.Id, HistoryKind.StatusChanged, "status", from.ToString(), ticket.Status.ToString(), reason.Trim(), caller.Id, now));
        events.Stage(db, new TicketStatusChanged
        {
            TicketId = ticket.Id.ToString(),
            AggregateVersion = ticket.Revision,
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            ActorId = caller.Id.ToString(),
            TicketNumber = ticket.DisplayNumber,
            OldStatus = ToProto(from),
            NewStatus = ToProto(ticket.Status),
            Reason = reason.Trim(),
            Subject = ticket.Subject,
            RequesterId = ticket.RequesterId.ToString(),
            DepartmentId = ticket.DepartmentId.ToString(),
        }, ticket.Id.ToString());
    }

    private Task<(Ticket Ticket, Caller Caller)> ReadableAsync(string numberText, ServerCallContext context, bool tracked = true, string field = "number") =>
        db.FindReadableTicketAsync(numberText, context, field, tracked);

    private static void CheckTags(FieldViolations violations, RepeatedField<string> tags) => violations
        .Check(tags.Count <= Ticket.MaxTags, "tags", $"at most {Ticket.MaxTags} tags.")
        .Check(tags.All(tag => tag.Trim().Length <= Ticket.MaxTagLength), "tags", $"each tag at most {Ticket.MaxTagLength} characters.");

    private static Priority ToProto(TicketPriority priority) => System.Enum.Parse<Priority>(priority.ToString());

    private static Protos.Tickets.V1.TicketStatus ToProto(DomainStatus status) => System.Enum.Parse<Protos.Tickets.V1.TicketStatus>(status.ToString());

    private static Protos.Tickets.V1.TicketHistoryEntry ToProto(HistoryEntry entry) => new()
    {
        Id = entry.Id.ToString(),
        Kind = (Protos.Tickets.V1.TicketHistoryKind)(int)entry.Kind,
        Field = entry.Field,
        OldValue = entry.OldValue,
        NewValue = entry.NewValue,
        Note = entry.Note,
        Changed = new AuditStamp { ActorId = entry.ActorId?.ToString() ?? "", At = Timestamp.FromDateTimeOffset(entry.At) },
    };
}
