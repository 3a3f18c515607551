using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Grpc;
using AuditActorType = TicketTracking.Auth.Domain.AuditActorType;

namespace TicketTracking.Auth.Grpc;

public sealed class AuditGrpcService(AuthDbContext db) : AuditService.AuditServiceBase
{
    public override async Task<ListAuditEventsResponse> ListAuditEvents(ListAuditEventsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations().Uuid("actor_id", request.ActorId, required: false).MaxLength("ip_address", request.IpAddress, 64);
        violations.ThrowIfAny();
        var pageSize = Paging.PageSize(request.PageSize);
        var before = Paging.After(request.PageToken);
        Guid? actorId = request.ActorId.Length > 0 ? Guid.Parse(request.ActorId) : null;
        var actions = request.Actions.ToList();
        var from = request.Occurred?.StartTime?.ToDateTimeOffset();
        var to = request.Occurred?.EndTime?.ToDateTimeOffset();

        // Newest first: ids are UUIDv7, so id order is time order and the page token is the last id shown.
        var query = db.AuditEntries.AsNoTracking().Where(e => before == null || e.Id < before);
        if (actorId is not null)
            query = query.Where(e => e.ActorId == actorId);
        if (request.TargetId.Length > 0)
            query = query.Where(e => e.TargetId == request.TargetId);
        if (actions.Count > 0)
            query = query.Where(e => actions.Contains(e.Action));
        if (request.Outcome != AuditOutcome.Unspecified)
            query = query.Where(e => e.Succeeded == (request.Outcome == AuditOutcome.Success));
        if (from is not null)
            query = query.Where(e => e.OccurredAt >= from);
        if (to is not null)
            query = query.Where(e => e.OccurredAt < to);
        if (request.IpAddress.Length > 0)
            query = query.Where(e => e.IpAddress == request.IpAddress);
        var fetched = await query.OrderByDescending(e => e.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var (page, next) = Paging.Split(fetched, pageSize, e => e.Id);
        return new ListAuditEventsResponse { Events = { page.Select(ToProto) }, NextPageToken = next };
    }

    private static AuditEvent ToProto(AuditEntry entry) => new()
    {
        Id = entry.Id.ToString(),
        OccurredAt = Timestamp.FromDateTimeOffset(entry.OccurredAt),
        ActorType = entry.ActorType switch
        {
            AuditActorType.User => Protos.Auth.V1.AuditActorType.User,
            AuditActorType.ServiceAccount => Protos.Auth.V1.AuditActorType.ServiceAccount,
            AuditActorType.Anonymous => Protos.Auth.V1.AuditActorType.Anonymous,
            _ => Protos.Auth.V1.AuditActorType.System,
        },
        ActorId = entry.ActorId?.ToString() ?? "",
        Action = entry.Action,
        Outcome = entry.Succeeded ? AuditOutcome.Success : AuditOutcome.Failure,
        TargetType = entry.TargetType,
        TargetId = entry.TargetId,
        IpAddress = entry.IpAddress,
        UserAgent = entry.UserAgent,
        SessionId = entry.SessionId,
        Details = { entry.Details },
    };
}
