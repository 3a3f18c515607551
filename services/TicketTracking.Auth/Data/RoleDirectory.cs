using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Auth.Data;

/// <summary>Every role, read once per request: there are few, and most answers name the roles of several users.</summary>
public sealed class RoleDirectory(AuthDbContext db)
{
    private Dictionary<Guid, Role>? _roles;

    public async Task<IReadOnlyDictionary<Guid, Role>> AllAsync(CancellationToken cancellationToken) =>
        _roles ??= await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, cancellationToken);

    public async Task<List<Role>> RolesOfAsync(IEnumerable<Guid> roleIds, CancellationToken cancellationToken)
    {
        var all = await AllAsync(cancellationToken);
        return [.. roleIds.Where(all.ContainsKey).Select(id => all[id]).OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>The ids of <paramref name="roleIds"/> that name no role.</summary>
    public async Task<List<Guid>> UnknownAsync(IEnumerable<Guid> roleIds, CancellationToken cancellationToken)
    {
        var all = await AllAsync(cancellationToken);
        return [.. roleIds.Where(id => !all.ContainsKey(id))];
    }
}
