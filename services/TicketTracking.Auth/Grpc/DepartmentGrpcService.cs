using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using Department = TicketTracking.Auth.Domain.Department;

namespace TicketTracking.Auth.Grpc;

public sealed class DepartmentGrpcService(AuthDbContext db, AuditTrail audit, EventOutbox events, TimeProvider clock) : DepartmentService.DepartmentServiceBase
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

        var now = clock.UtcNowForDatabase();
        var department = Department.Create(code, request.Name, request.Description, now);
        db.Departments.Add(department);
        events.Stage(db, Changed(department, created: true, context, now), department.Id.ToString());
        audit.Record(context, "department.created", true, "department", department.Id.ToString(), new() { ["code"] = department.Code });
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

    public override async Task<UpdateDepartmentResponse> UpdateDepartment(UpdateDepartmentRequest request, ServerCallContext context)
    {
        new FieldViolations()
            .Uuid("id", request.Id)
            .Required("name", request.Name)
            .MaxLength("name", request.Name, Department.MaxNameLength)
            .MaxLength("description", request.Description, Department.MaxDescriptionLength)
            .ThrowIfAny();
        var id = Guid.Parse(request.Id);
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, context.CancellationToken)
            ?? throw GrpcErrors.NotFound("Department", request.Id);
        GrpcErrors.ExpectVersion(department.Version, request.ExpectedVersion, "The department");
        department.Update(request.Name, request.Description, request.Active);
        var now = clock.UtcNowForDatabase();
        events.Stage(db, Changed(department, created: false, context, now), department.Id.ToString());
        audit.Record(context, "department.updated", true, "department", department.Id.ToString(),
            new() { ["name"] = department.Name, ["active"] = department.Active.ToString() });
        await db.SaveChangesAsync(context.CancellationToken);
        return new UpdateDepartmentResponse { Department = ToProto(department) };
    }

    /// <summary>The department's whole state, so Tickets can upsert its read copy from any one event.</summary>
    private static DepartmentChanged Changed(Department department, bool created, ServerCallContext context, DateTimeOffset now) => new()
    {
        DepartmentId = department.Id.ToString(),
        AggregateVersion = department.Revision,
        OccurredAt = Timestamp.FromDateTimeOffset(now),
        ActorId = context.FindCaller()?.Id.ToString() ?? "",
        Code = department.Code,
        Name = department.Name,
        Description = department.Description,
        Active = department.Active,
        Created = created,
    };

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
