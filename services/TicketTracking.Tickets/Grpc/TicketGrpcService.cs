using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.Tickets.Data;
using TicketTracking.Tickets.Domain;
using Ticket = TicketTracking.Tickets.Domain.Ticket;
using TicketHistoryEntry = TicketTracking.Tickets.Domain.TicketHistoryEntry;
using TicketHistoryKind = TicketTracking.Tickets.Domain.TicketHistoryKind;

namespace TicketTracking.Tickets.Grpc;

public sealed partial class TicketGrpcService(TicketsDbContext db, EventOutbox events, IOptions<TicketsOptions> options, TimeProvider clock)
    : TicketService.TicketServiceBase
{
    public override async Task<CreateTicketResponse> CreateTicket(CreateTicketRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations()
            .Required("subject", request.Subject)
            .MaxLength("subject", request.Subject, Ticket.MaxSubjectLength)
            .Required("description", request.Description)
            .MaxLength("description", request.Description, Ticket.MaxDescriptionLength)
            .Uuid("requester_id", request.RequesterId)
            .Uuid("department_id", request.DepartmentId)
            .Uuid("category_id", request.CategoryId, required: false)
            .Uuid("subcategory_id", request.SubcategoryId, required: false)
            .Check(request.Priority != Priority.Unspecified && System.Enum.IsDefined(request.Priority), "priority", "must be one of LOW, MEDIUM, HIGH, CRITICAL.");
        CheckTags(violations, request.Tags);
        violations.ThrowIfAny();
        await DepartmentChecks.RequireActiveAsync(db, Guid.Parse(request.DepartmentId), context.CancellationToken);
        var fields = await CategoryChecks.CheckAsync(db, Guid.Parse(request.DepartmentId), Ids.Optional(request.CategoryId),
            Ids.Optional(request.SubcategoryId), request.Fields, context.CancellationToken);
        // Filing for someone else is for staff who see every ticket (a coordinator taking a phone call) and tooling.
        var caller = context.GetCaller();
        if (!caller.IsUser(Guid.Parse(request.RequesterId)) && !caller.IsServiceAccount && !caller.Has(TicketPermissions.ReadAll))
            throw GrpcErrors.Forbidden("You may file tickets only for yourself.");

        var ticket = Ticket.Create(
            request.Subject,
            request.Description,
            Guid.Parse(request.RequesterId),
            Guid.Parse(request.DepartmentId),
            Ids.Optional(request.CategoryId),
            Ids.Optional(request.SubcategoryId),
            System.Enum.Parse<TicketPriority>(request.Priority.ToString()),
            request.Tags,
            fields,
            clock.UtcNowForDatabase());
        db.Tickets.Add(ticket);
        // The number comes from the database sequence: take it first, so the event can carry it and the ticket and
        // its event are still written in one transaction.
        ticket.AssignNumber(await db.NextTicketNumberAsync(context.CancellationToken));
        events.Stage(db, TicketCreatedEvent(ticket), ticket.Id.ToString());
        db.History.Add(TicketHistoryEntry.Record(ticket.Id, TicketHistoryKind.Created, "", "", ticket.Status.ToString(), "", caller.Id, ticket.CreatedAt));
        await db.SaveChangesAsync(context.CancellationToken);
        return new CreateTicketResponse { Ticket = ToProto(ticket) };
    }

    public override async Task<GetTicketResponse> GetTicket(GetTicketRequest request, ServerCallContext context)
    {
        if (!Ticket.TryParseNumber(request.Number, out var number))
            throw GrpcErrors.InvalidArgument("number", "must be a ticket number such as TT-000123.");
        var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Number == number, context.CancellationToken);
        // A ticket the caller may not read is answered as missing, so numbers cannot be probed.
        if (ticket is null || !TicketPermissions.MayRead(context.GetCaller(), ticket))
            throw GrpcErrors.NotFound("Ticket", Ticket.FormatNumber(number));
        return new GetTicketResponse { Ticket = ToProto(ticket) };
    }

    public override async Task<CheckTicketAccessResponse> CheckTicketAccess(CheckTicketAccessRequest request, ServerCallContext context)
    {
        if (!Ticket.TryParseNumber(request.TicketNumber, out var number))
            throw GrpcErrors.InvalidArgument("ticket_number", "must be a ticket number such as TT-000123.");
        var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Number == number, context.CancellationToken);
        var caller = context.GetCaller();
        return ticket is not null && TicketPermissions.MayRead(caller, ticket)
            ? new CheckTicketAccessResponse { CanRead = true, CanReadInternal = TicketPermissions.MayReadInternal(caller, ticket), TicketId = ticket.Id.ToString() }
            : new CheckTicketAccessResponse();
    }

    private static TicketCreated TicketCreatedEvent(Ticket ticket) => new()
    {
        TicketId = ticket.Id.ToString(),
        AggregateVersion = 1,
        OccurredAt = Timestamp.FromDateTimeOffset(ticket.CreatedAt),
        ActorId = ticket.RequesterId.ToString(),
        TicketNumber = ticket.DisplayNumber,
        Subject = ticket.Subject,
        RequesterId = ticket.RequesterId.ToString(),
        DepartmentId = ticket.DepartmentId.ToString(),
        CategoryId = Ids.ToProto(ticket.CategoryId),
        SubcategoryId = Ids.ToProto(ticket.SubcategoryId),
        Priority = System.Enum.Parse<Priority>(ticket.Priority.ToString()),
        Status = System.Enum.Parse<Protos.Tickets.V1.TicketStatus>(ticket.Status.ToString()),
        Tags = { ticket.Tags },
    };

    private static Protos.Tickets.V1.Ticket ToProto(Ticket ticket) => new()
    {
        Id = ticket.Id.ToString(),
        Number = ticket.DisplayNumber,
        Subject = ticket.Subject,
        Description = ticket.Description,
        RequesterId = ticket.RequesterId.ToString(),
        DepartmentId = ticket.DepartmentId.ToString(),
        CategoryId = Ids.ToProto(ticket.CategoryId),
        SubcategoryId = Ids.ToProto(ticket.SubcategoryId),
        Priority = System.Enum.Parse<Priority>(ticket.Priority.ToString()),
        Status = System.Enum.Parse<Protos.Tickets.V1.TicketStatus>(ticket.Status.ToString()),
        Tags = { ticket.Tags },
        CreatedAt = Timestamp.FromDateTimeOffset(ticket.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(ticket.UpdatedAt),
        ResolvedAt = ticket.ResolvedAt is { } resolved ? Timestamp.FromDateTimeOffset(resolved) : null,
        ClosedAt = ticket.ClosedAt is { } closed ? Timestamp.FromDateTimeOffset(closed) : null,
        Version = ticket.Version,
        WorkState = ToProtoWorkState(ticket),
        Fields = JsonParser.Default.Parse<Struct>(ticket.Fields),
    };
}
