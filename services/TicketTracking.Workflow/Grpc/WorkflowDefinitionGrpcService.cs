using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Protos.Workflow.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.Workflow.Data;
using WorkflowDefinition = TicketTracking.Workflow.Domain.WorkflowDefinition;

namespace TicketTracking.Workflow.Grpc;

public sealed class WorkflowDefinitionGrpcService(WorkflowDbContext db, TimeProvider clock)
    : WorkflowDefinitionService.WorkflowDefinitionServiceBase
{
    public override async Task<CreateWorkflowDefinitionResponse> CreateWorkflowDefinition(
        CreateWorkflowDefinitionRequest request, ServerCallContext context)
    {
        new FieldViolations()
            .Required("name", request.Name)
            .MaxLength("name", request.Name, WorkflowDefinition.MaxNameLength)
            .MaxLength("description", request.Description, WorkflowDefinition.MaxDescriptionLength)
            .Uuid("department_id", request.DepartmentId)
            .Uuid("category_id", request.CategoryId, required: false)
            .Uuid("subcategory_id", request.SubcategoryId, required: false)
            .Check(string.IsNullOrEmpty(request.SubcategoryId) || !string.IsNullOrEmpty(request.CategoryId),
                "subcategory_id", "needs category_id: a subcategory belongs to a category.")
            .ThrowIfAny();

        var definition = WorkflowDefinition.CreateDraft(
            request.Name,
            request.Description,
            Guid.Parse(request.DepartmentId),
            Ids.Optional(request.CategoryId),
            Ids.Optional(request.SubcategoryId),
            clock.UtcNowForDatabase());
        db.WorkflowDefinitions.Add(definition);
        await db.SaveChangesAsync(context.CancellationToken);
        return new CreateWorkflowDefinitionResponse { WorkflowDefinition = ToProto(definition) };
    }

    public override async Task<GetWorkflowDefinitionResponse> GetWorkflowDefinition(
        GetWorkflowDefinitionRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.Id, out var id))
            throw GrpcErrors.InvalidArgument("id", "must be a UUID.");
        var definition = await db.WorkflowDefinitions.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, context.CancellationToken)
            ?? throw GrpcErrors.NotFound("Workflow definition", request.Id);
        return new GetWorkflowDefinitionResponse { WorkflowDefinition = ToProto(definition) };
    }

    public override async Task<ListWorkflowDefinitionsResponse> ListWorkflowDefinitions(
        ListWorkflowDefinitionsRequest request, ServerCallContext context)
    {
        new FieldViolations().Uuid("department_id", request.DepartmentId, required: false).ThrowIfAny();
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.After(request.PageToken);
        var departmentId = Ids.Optional(request.DepartmentId);

        var fetched = await db.WorkflowDefinitions.AsNoTracking()
            .Where(w => departmentId == null || w.DepartmentId == departmentId)
            .Where(w => after == null || w.Id > after)
            .OrderBy(w => w.Id)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);
        var (page, next) = Paging.Split(fetched, pageSize, w => w.Id);
        return new ListWorkflowDefinitionsResponse { WorkflowDefinitions = { page.Select(ToProto) }, NextPageToken = next };
    }

    private static Protos.Workflow.V1.WorkflowDefinition ToProto(WorkflowDefinition definition) => new()
    {
        Id = definition.Id.ToString(),
        Name = definition.Name,
        Description = definition.Description,
        DepartmentId = definition.DepartmentId.ToString(),
        CategoryId = Ids.ToProto(definition.CategoryId),
        SubcategoryId = Ids.ToProto(definition.SubcategoryId),
        Status = System.Enum.Parse<WorkflowDefinitionStatus>(definition.Status.ToString()),
        CreatedAt = Timestamp.FromDateTimeOffset(definition.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(definition.UpdatedAt),
        Version = definition.Version,
    };
}
