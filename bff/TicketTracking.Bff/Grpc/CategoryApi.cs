using Grpc.Core;
using Rest = TicketTracking.Protos.Bff.V1;
using Tickets = TicketTracking.Protos.Tickets.V1;

namespace TicketTracking.Bff.Grpc;

/// <summary>The ticket taxonomy as REST, passed to Tickets with the signed-in user's token.</summary>
public sealed class CategoryApi(Tickets.CategoryService.CategoryServiceClient categories) : Rest.CategoryService.CategoryServiceBase
{
    public override async Task<Tickets.ListCategoriesResponse> ListCategories(Tickets.ListCategoriesRequest request, ServerCallContext context) =>
        await categories.ListCategoriesAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.GetCategoryResponse> GetCategory(Tickets.GetCategoryRequest request, ServerCallContext context) =>
        await categories.GetCategoryAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.CreateCategoryResponse> CreateCategory(Tickets.CreateCategoryRequest request, ServerCallContext context) =>
        await categories.CreateCategoryAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.UpdateCategoryResponse> UpdateCategory(Tickets.UpdateCategoryRequest request, ServerCallContext context) =>
        await categories.UpdateCategoryAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.CreateSubcategoryResponse> CreateSubcategory(Tickets.CreateSubcategoryRequest request, ServerCallContext context) =>
        await categories.CreateSubcategoryAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<Tickets.UpdateSubcategoryResponse> UpdateSubcategory(Tickets.UpdateSubcategoryRequest request, ServerCallContext context) =>
        await categories.UpdateSubcategoryAsync(request, cancellationToken: context.CancellationToken);
}
