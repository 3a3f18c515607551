using Grpc.Core;
using Rest = TicketTracking.Protos.Bff.V1;
using Tickets = TicketTracking.Protos.Tickets.V1;

namespace TicketTracking.Bff.Grpc;

/// <summary>Saved ticket lists as REST (<c>/api/v1/views</c>), passed to Tickets with the signed-in user's token.</summary>
public sealed class SavedViewApi(Tickets.SavedViewService.SavedViewServiceClient views) : Rest.SavedViewService.SavedViewServiceBase
{
    public override async Task<Tickets.ListSavedViewsResponse> ListSavedViews(Tickets.ListSavedViewsRequest request, ServerCallContext context) =>
        await views.ListSavedViewsAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.CreateSavedViewResponse> CreateSavedView(Tickets.CreateSavedViewRequest request, ServerCallContext context) =>
        await views.CreateSavedViewAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.UpdateSavedViewResponse> UpdateSavedView(Tickets.UpdateSavedViewRequest request, ServerCallContext context) =>
        await views.UpdateSavedViewAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.DeleteSavedViewResponse> DeleteSavedView(Tickets.DeleteSavedViewRequest request, ServerCallContext context) =>
        await views.DeleteSavedViewAsync(request, cancellationToken: context.CancellationToken);
}
