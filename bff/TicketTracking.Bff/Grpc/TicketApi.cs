using Grpc.Core;
using TicketTracking.ServiceDefaults.Security;
using Rest = TicketTracking.Protos.Bff.V1;
using Tickets = TicketTracking.Protos.Tickets.V1;

namespace TicketTracking.Bff.Grpc;

/// <summary>Tickets as REST: each call goes to Tickets with the signed-in user's token, and Tickets decides.</summary>
public sealed class TicketApi(Tickets.TicketService.TicketServiceClient tickets) : Rest.TicketService.TicketServiceBase
{
    public override async Task<Tickets.CreateTicketResponse> CreateTicket(Tickets.CreateTicketRequest request, ServerCallContext context)
    {
        if (request.RequesterId.Length == 0)
            request.RequesterId = context.GetCaller().Id.ToString();
        return await tickets.CreateTicketAsync(request, cancellationToken: context.CancellationToken);
    }

    public override async Task<Tickets.ListTicketsResponse> ListTickets(Tickets.ListTicketsRequest request, ServerCallContext context) =>
        await tickets.ListTicketsAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.CountTicketsResponse> CountTickets(Tickets.CountTicketsRequest request, ServerCallContext context) =>
        await tickets.CountTicketsAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.GetTicketResponse> GetTicket(Tickets.GetTicketRequest request, ServerCallContext context) =>
        await tickets.GetTicketAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.UpdateTicketResponse> UpdateTicket(Tickets.UpdateTicketRequest request, ServerCallContext context) =>
        await tickets.UpdateTicketAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.ChangeTicketStatusResponse> ChangeTicketStatus(Tickets.ChangeTicketStatusRequest request, ServerCallContext context) =>
        await tickets.ChangeTicketStatusAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.WithdrawTicketResponse> WithdrawTicket(Tickets.WithdrawTicketRequest request, ServerCallContext context) =>
        await tickets.WithdrawTicketAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.ReopenTicketResponse> ReopenTicket(Tickets.ReopenTicketRequest request, ServerCallContext context) =>
        await tickets.ReopenTicketAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.ListTicketHistoryResponse> ListTicketHistory(Tickets.ListTicketHistoryRequest request, ServerCallContext context) =>
        await tickets.ListTicketHistoryAsync(request, cancellationToken: context.CancellationToken);
}
