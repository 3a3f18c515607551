using Grpc.Core;
using TicketTracking.Protos.Bff.V1;
using Auth = TicketTracking.Protos.Auth.V1;

namespace TicketTracking.Bff.Grpc;

/// <summary><c>/api/v1/departments</c>: Auth's directory, trimmed to what forms show.</summary>
public sealed class DepartmentApi(Auth.DepartmentService.DepartmentServiceClient auth) : DepartmentService.DepartmentServiceBase
{
    public override async Task<ListDepartmentsResponse> ListDepartments(ListDepartmentsRequest request, ServerCallContext context)
    {
        var reply = await auth.ListDepartmentsAsync(new Auth.ListDepartmentsRequest(), cancellationToken: context.CancellationToken);
        return new ListDepartmentsResponse
        {
            Departments =
            {
                reply.Departments.Select(d => new Department { Id = d.Id, Code = d.Code, Name = d.Name, Description = d.Description }),
            },
        };
    }
}
