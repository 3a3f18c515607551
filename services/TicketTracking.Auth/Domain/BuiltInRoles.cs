using Microsoft.EntityFrameworkCore.Migrations;
using static TicketTracking.Auth.Domain.Permissions;

namespace TicketTracking.Auth.Domain;

/// <summary>The roles every installation has (ARCHITECTURE.md §3); fixed ids so seeds and tests can name them.</summary>
public static class BuiltInRoles
{
    public static readonly Guid AdminId = Guid.Parse("0193a5c0-0000-7000-8000-000000000101");
    public static readonly Guid TicketCoordinatorId = Guid.Parse("0193a5c0-0000-7000-8000-000000000102");
    public static readonly Guid AgentId = Guid.Parse("0193a5c0-0000-7000-8000-000000000103");
    public static readonly Guid RequesterId = Guid.Parse("0193a5c0-0000-7000-8000-000000000104");

    public static readonly IReadOnlyList<(Guid Id, string Name, string Description, string[] Permissions)> All =
    [
        (AdminId, "Admin", "Runs the service desk: users, roles, workflows, templates, reports.",
            [TicketsCreate, TicketsReadOwn, TicketsReadAll, TasksAct, TasksTransfer, WorkflowsManage, UsersManage, TemplatesManage, ReportsRead]),
        (TicketCoordinatorId, "Ticket Coordinator", "Owns routed tickets, works the triage list, transfers work.",
            [TicketsCreate, TicketsReadOwn, TicketsReadAll, TasksAct, TasksTransfer, ReportsRead]),
        (AgentId, "Agent", "Works the items assigned to them.",
            [TicketsCreate, TicketsReadOwn, TicketsReadAssigned, TasksAct]),
        (RequesterId, "Requester", "Files tickets and follows their own.",
            [TicketsCreate, TicketsReadOwn]),
    ];

    /// <summary>
    /// Inserts the built-in roles (called by the migration that creates the roles table). A later change to them needs
    /// a migration of its own that updates the rows: this one has run already on existing installations.
    /// </summary>
    public static void SeedInto(MigrationBuilder migration)
    {
        var createdAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (id, name, description, permissions) in All)
        {
            migration.InsertData(
                table: "roles",
                columns: ["id", "name", "description", "permissions", "built_in", "require_two_factor", "created_at", "updated_at"],
                values: new object[] { id, name, description, permissions.ToList(), true, false, createdAt, createdAt });
        }
    }
}
