using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.Tickets.Data;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Grpc;

internal static class ReadableTickets
{
    /// <summary>
    /// The ticket (tracked, for a change) if the caller may read it; otherwise it is answered as missing, so numbers
    /// cannot be probed. <paramref name="field"/> names the request field in the error for a malformed number.
    /// </summary>
    public static async Task<(Ticket Ticket, Caller Caller)> FindReadableTicketAsync(
        this TicketsDbContext db, string numberText, ServerCallContext context, string field, bool tracked = true)
    {
        if (!Ticket.TryParseNumber(numberText, out var number))
            throw GrpcErrors.InvalidArgument(field, "must be a ticket number such as TT-000123.");
        var tickets = tracked ? db.Tickets : db.Tickets.AsNoTracking();
        var ticket = await tickets.FirstOrDefaultAsync(t => t.Number == number, context.CancellationToken);
        var caller = context.GetCaller();
        if (ticket is null || !TicketPermissions.MayRead(caller, ticket))
            throw GrpcErrors.NotFound("Ticket", Ticket.FormatNumber(number));
        return (ticket, caller);
    }
}
