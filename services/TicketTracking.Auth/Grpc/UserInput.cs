using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Data;
using TicketTracking.ServiceDefaults.Grpc;
using User = TicketTracking.Auth.Domain.User;

namespace TicketTracking.Auth.Grpc;

/// <summary>Checks shared by the RPCs that take a person's details.</summary>
internal static class UserInput
{
    public static FieldViolations Email(this FieldViolations violations, string field, string email)
    {
        var trimmed = email.Trim();
        return violations.Check(trimmed.Length <= User.MaxEmailLength && MailAddress.TryCreate(trimmed, out var address) && address.Address == trimmed,
            field, "must be an email address.");
    }

    public static FieldViolations PersonName(this FieldViolations violations, string field, string? name, bool required = true)
    {
        if (required || name is not null)
            violations.Required(field, name);
        return violations.MaxLength(field, name?.Trim(), User.MaxNameLength);
    }

    /// <summary>The department id, checked to name an active department; null when empty.</summary>
    public static async Task<Guid?> DepartmentAsync(AuthDbContext db, string field, string departmentId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(departmentId))
            return null;
        if (!Guid.TryParse(departmentId, out var id))
            throw GrpcErrors.InvalidArgument(field, "must be a UUID.");
        if (!await db.Departments.AnyAsync(d => d.Id == id && d.Active, ct))
            throw GrpcErrors.InvalidArgument(field, "does not name an active department.");
        return id;
    }

    /// <summary>Role ids, each checked to exist.</summary>
    public static async Task<List<Guid>> RolesAsync(RoleDirectory roles, string field, IEnumerable<string> roleIds, CancellationToken ct)
    {
        var ids = new List<Guid>();
        foreach (var value in roleIds)
            ids.Add(Guid.TryParse(value, out var id) ? id : throw GrpcErrors.InvalidArgument(field, $"'{value}' is not a role id (UUID)."));
        if (await roles.UnknownAsync(ids, ct) is { Count: > 0 } unknown)
            throw GrpcErrors.InvalidArgument(field, $"names roles that do not exist: {string.Join(", ", unknown)}.");
        return ids;
    }

}
