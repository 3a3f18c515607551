namespace TicketTracking.Auth.Domain;

/// <summary>Every permission a role can grant (ARCHITECTURE.md §3). RPCs name them in their proto access option.</summary>
public static class Permissions
{
    public const string TicketsCreate = "tickets.create";
    public const string TicketsReadOwn = "tickets.read.own";
    public const string TicketsReadAssigned = "tickets.read.assigned";
    public const string TicketsReadAll = "tickets.read.all";
    public const string TasksAct = "tasks.act";
    public const string TasksTransfer = "tasks.transfer";
    public const string WorkflowsManage = "workflows.manage";
    public const string UsersManage = "users.manage";
    public const string TemplatesManage = "templates.manage";
    public const string ReportsRead = "reports.read";

    public static readonly IReadOnlyList<(string Name, string Description)> All =
    [
        (TicketsCreate, "File tickets, and withdraw, reopen and edit one's own."),
        (TicketsReadOwn, "Read one's own tickets and their public conversation."),
        (TicketsReadAssigned, "Read the tickets one holds or held an item on, with internal notes."),
        (TicketsReadAll, "Read every ticket, with internal notes, and see the triage list."),
        (TasksAct, "Work assigned items: start, transition, escalate, finalize."),
        (TasksTransfer, "Hand items and tasks to other people, route triaged tickets."),
        (WorkflowsManage, "Edit workflows, categories, SLA policies and business calendars."),
        (UsersManage, "Manage users, roles, departments, service accounts; read the audit log."),
        (TemplatesManage, "Edit notification templates and retry failed mails."),
        (ReportsRead, "Read reports."),
    ];

    public static bool Exists(string name) => All.Any(p => p.Name == name);
}
