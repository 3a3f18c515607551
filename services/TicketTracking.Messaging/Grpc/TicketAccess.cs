using TicketTracking.Protos.Tickets.V1;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Messaging.Grpc;

/// <summary>
/// Asks Tickets whether the caller may read a ticket's conversation, and its internal notes (ARCHITECTURE.md §4: the
/// ticket's visibility rules live where the ticket does). A ticket the caller may not read is answered as missing.
/// </summary>
public sealed class TicketAccess(TicketService.TicketServiceClient tickets)
{
    public async Task<CheckTicketAccessResponse> CheckAsync(string ticketNumber, CancellationToken cancellationToken)
    {
        var access = await tickets.CheckTicketAccessAsync(new CheckTicketAccessRequest { TicketNumber = ticketNumber }, cancellationToken: cancellationToken);
        return access.CanRead ? access : throw GrpcErrors.NotFound("Ticket", ticketNumber.ToUpperInvariant());
    }
}
