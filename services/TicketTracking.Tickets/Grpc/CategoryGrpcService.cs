using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.Tickets.Data;
using Category = TicketTracking.Tickets.Domain.Category;
using FieldsSchema = TicketTracking.Tickets.Domain.FieldsSchema;
using Subcategory = TicketTracking.Tickets.Domain.Subcategory;
using TaxonomyEntry = TicketTracking.Tickets.Domain.TaxonomyEntry;

namespace TicketTracking.Tickets.Grpc;

/// <summary>The taxonomy tickets are filed under: categories per department, subcategories, and their field schemas.</summary>
public sealed class CategoryGrpcService(TicketsDbContext db, TimeProvider clock) : CategoryService.CategoryServiceBase
{
    public override async Task<ListCategoriesResponse> ListCategories(ListCategoriesRequest request, ServerCallContext context)
    {
        new FieldViolations().Uuid("department_id", request.DepartmentId, required: false).ThrowIfAny();
        Guid? department = Ids.Optional(request.DepartmentId);
        var categories = await db.Categories.AsNoTracking().Include(c => c.Subcategories)
            .Where(c => department == null || c.DepartmentId == department)
            .Where(c => request.IncludeInactive || c.Active)
            .OrderBy(c => c.Name)
            .ToListAsync(context.CancellationToken);
        return new ListCategoriesResponse { Categories = { categories.Select(c => ToProto(c, request.IncludeInactive)) } };
    }

    public override async Task<GetCategoryResponse> GetCategory(GetCategoryRequest request, ServerCallContext context) =>
        new() { Category = ToProto(await FindAsync(request.Id, "id", context.CancellationToken, tracked: false), includeInactive: true) };

    public override async Task<CreateCategoryResponse> CreateCategory(CreateCategoryRequest request, ServerCallContext context)
    {
        Check(new FieldViolations().Uuid("department_id", request.DepartmentId), request.Name, request.Description, request.FieldsSchema);
        var department = Guid.Parse(request.DepartmentId);
        await DepartmentChecks.RequireActiveAsync(db, department, context.CancellationToken);
        var name = request.Name.Trim();
        if (await db.Categories.AnyAsync(c => c.DepartmentId == department && c.Name == name, context.CancellationToken))
            throw GrpcErrors.AlreadyExists($"The department already has a category named '{name}'.");
        var category = Category.Create(department, request.Name, request.Description, request.FieldsSchema, clock.UtcNowForDatabase());
        db.Categories.Add(category);
        await db.SaveChangesAsync(context.CancellationToken);
        return new CreateCategoryResponse { Category = ToProto(category, includeInactive: true) };
    }

    public override async Task<UpdateCategoryResponse> UpdateCategory(UpdateCategoryRequest request, ServerCallContext context)
    {
        Check(new FieldViolations(), request.Name, request.Description, request.FieldsSchema);
        var category = await FindAsync(request.Id, "id", context.CancellationToken);
        GrpcErrors.ExpectVersion(category.Version, request.ExpectedVersion, "The category");
        category.Update(request.Name, request.Description, request.FieldsSchema, request.Active, clock.UtcNowForDatabase());
        await db.SaveChangesAsync(context.CancellationToken);
        return new UpdateCategoryResponse { Category = ToProto(category, includeInactive: true) };
    }

    public override async Task<CreateSubcategoryResponse> CreateSubcategory(CreateSubcategoryRequest request, ServerCallContext context)
    {
        Check(new FieldViolations(), request.Name, request.Description, request.FieldsSchema);
        var category = await FindAsync(request.CategoryId, "category_id", context.CancellationToken);
        var name = request.Name.Trim();
        if (category.Subcategories.Any(s => s.Name == name))
            throw GrpcErrors.AlreadyExists($"The category already has a subcategory named '{name}'.");
        var subcategory = Subcategory.Create(category.Id, request.Name, request.Description, request.FieldsSchema, clock.UtcNowForDatabase());
        db.Subcategories.Add(subcategory);
        await db.SaveChangesAsync(context.CancellationToken);
        return new CreateSubcategoryResponse { Subcategory = ToProto(subcategory) };
    }

    public override async Task<UpdateSubcategoryResponse> UpdateSubcategory(UpdateSubcategoryRequest request, ServerCallContext context)
    {
        Check(new FieldViolations().Uuid("id", request.Id), request.Name, request.Description, request.FieldsSchema);
        var id = Guid.Parse(request.Id);
        var subcategory = await db.Subcategories.FirstOrDefaultAsync(s => s.Id == id, context.CancellationToken) ?? throw GrpcErrors.NotFound("Subcategory", request.Id);
        GrpcErrors.ExpectVersion(subcategory.Version, request.ExpectedVersion, "The subcategory");
        subcategory.Update(request.Name, request.Description, request.FieldsSchema, request.Active, clock.UtcNowForDatabase());
        await db.SaveChangesAsync(context.CancellationToken);
        return new UpdateSubcategoryResponse { Subcategory = ToProto(subcategory) };
    }

    private static void Check(FieldViolations violations, string name, string description, string schema)
    {
        violations.Required("name", name).MaxLength("name", name, TaxonomyEntry.MaxNameLength).MaxLength("description", description, TaxonomyEntry.MaxDescriptionLength);
        if (schema.Trim().Length > 0 && FieldsSchema.Problem(schema) is { } problem)
            violations.Add("fields_schema", problem);
        violations.ThrowIfAny();
    }

    private async Task<Category> FindAsync(string id, string field, CancellationToken ct, bool tracked = true)
    {
        new FieldViolations().Uuid(field, id).ThrowIfAny();
        var guid = Guid.Parse(id);
        var categories = tracked ? db.Categories : db.Categories.AsNoTracking();
        return await categories.Include(c => c.Subcategories).FirstOrDefaultAsync(c => c.Id == guid, ct) ?? throw GrpcErrors.NotFound("Category", id);
    }

    private static Protos.Tickets.V1.Category ToProto(Category category, bool includeInactive) => new()
    {
        Id = category.Id.ToString(),
        DepartmentId = category.DepartmentId.ToString(),
        Name = category.Name,
        Description = category.Description,
        FieldsSchema = category.FieldsSchema,
        Active = category.Active,
        Subcategories = { category.Subcategories.Where(s => includeInactive || s.Active).OrderBy(s => s.Name).Select(ToProto) },
        CreatedAt = Timestamp.FromDateTimeOffset(category.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(category.UpdatedAt),
        Version = category.Version,
    };

    private static Protos.Tickets.V1.Subcategory ToProto(Subcategory subcategory) => new()
    {
        Id = subcategory.Id.ToString(),
        CategoryId = subcategory.CategoryId.ToString(),
        Name = subcategory.Name,
        Description = subcategory.Description,
        FieldsSchema = subcategory.FieldsSchema,
        Active = subcategory.Active,
        CreatedAt = Timestamp.FromDateTimeOffset(subcategory.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(subcategory.UpdatedAt),
        Version = subcategory.Version,
    };
}
