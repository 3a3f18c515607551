using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using Department = TicketTracking.Auth.Domain.Department;

namespace TicketTracking.Auth.Grpc;

public sealed class DepartmentGrpcService(AuthDbContext db, TimeProvider clock) : DepartmentService.DepartmentServiceBase
{
    public override async Task<CreateDepartmentResponse> CreateDepartment(CreateDepartmentRequest request, ServerCallContext context)
    {
        new FieldViolations()
            .Check(Department.IsValidCode(request.Code), "code", "must be 2-16 letters, digits or dashes, starting with a letter.")
            .Required("name", request.Name)
            .MaxLength("name", request.Name, Department.MaxNameLength)
            .MaxLength("description", request.Description, Department.MaxDescriptionLength)
            .ThrowIfAny();

        var code = Department.NormalizeCode(request.Code);
        if (await db.Departments.AnyAsync(d => d.Code == code, context.CancellationToken))
            throw GrpcErrors.AlreadyExists($"A department with code '{code}' already exists.");

        var department = Department.Create(code, request.Name, request.Description, clock.UtcNowForDatabase());
        db.Departments.Add(department);
        await db.SaveChangesAsync(context.CancellationToken);
        return new CreateDepartmentResponse { Department = ToProto(department) };
    }

    public override async Task<GetDepartmentResponse> GetDepartment(GetDepartmentRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.Id, out var id))
            throw GrpcErrors.InvalidArgument("id", "must be a UUID.");
        var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, context.CancellationToken)
            ?? throw GrpcErrors.NotFound("Department", request.Id);
        return new GetDepartmentResponse { Department = ToProto(department) };
    }

    public override async Task<ListDepartmentsResponse> ListDepartments(ListDepartmentsRequest request, ServerCallContext context)
    {
        var departments = await db.Departments.AsNoTracking()
            .Where(d => request.IncludeInactive || d.Active)
            .OrderBy(d => d.Name)
            .ToListAsync(context.CancellationToken);
        return new ListDepartmentsResponse { Departments = { departments.Select(ToProto) } };
    }

    private static Protos.Auth.V1.Department ToProto(Department department) => new()
    {
        Id = department.Id.ToString(),
        Code = department.Code,
        Name = department.Name,
        Description = department.Description,
        Active = department.Active,
        CreatedAt = Timestamp.FromDateTimeOffset(department.CreatedAt),
        Version = department.Version,
    };
}
