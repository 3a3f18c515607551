using Microsoft.EntityFrameworkCore;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.Tickets.Data;

namespace TicketTracking.Tickets.Grpc;

/// <summary>A ticket or category is filed to a department the read copy knows and that takes new work; Auth is not asked.</summary>
public static class DepartmentChecks
{
    public const string Field = "department_id";

    /// <summary>Throws InvalidArgument naming <see cref="Field"/> unless the department exists and is active.</summary>
    public static async Task RequireActiveAsync(TicketsDbContext db, Guid departmentId, CancellationToken cancellationToken)
    {
        var active = await db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => (bool?)d.Active)
            .FirstOrDefaultAsync(cancellationToken);
        new FieldViolations()
            .Check(active is not null, Field, "is not a known department.")
            .Check(active is not false, Field, "is an inactive department: it takes no new tickets or categories.")
            .ThrowIfAny();
    }
}
