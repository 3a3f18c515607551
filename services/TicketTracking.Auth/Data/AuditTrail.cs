using Grpc.Core;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Security;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Auth.Data;

/// <summary>Adds audit entries to the request's DbContext, so they commit (or not) with the change they describe.</summary>
public sealed class AuditTrail(AuthDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Records <paramref name="action"/> by the call's caller (anonymous when it has no token, unless
    /// <paramref name="actorId"/> names the user who just proved who they are, e.g. by password).
    /// </summary>
    public void Record(
        ServerCallContext context, string action, bool succeeded, string targetType, string targetId,
        Dictionary<string, string>? details = null, Guid? actorId = null, Guid? sessionId = null)
    {
        var caller = context.FindCaller();
        var (actorType, actor) = caller switch
        {
            { IsServiceAccount: true } => (AuditActorType.ServiceAccount, (Guid?)caller.Id),
            not null => (AuditActorType.User, caller.Id),
            null when actorId is not null => (AuditActorType.User, actorId),
            _ => (AuditActorType.Anonymous, null),
        };
        db.AuditEntries.Add(AuditEntry.Create(clock.UtcNowForDatabase(), actorType, actor, sessionId?.ToString() ?? caller?.SessionId,
            context.ClientFacts(), action, succeeded, targetType, targetId, details));
    }
}
