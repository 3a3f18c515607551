using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Messaging;
using TicketTracking.Workflow.Data;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Workflow;

/// <summary>Marker for <c>WebApplicationFactory&lt;WorkflowApp&gt;</c>: workflow definitions, tasks, assignment, SLA.</summary>
public sealed class WorkflowApp;

public static class WorkflowServiceRegistration
{
    public static WebApplicationBuilder AddWorkflowServices(this WebApplicationBuilder builder)
    {
        builder.AddSigningKeysFromAuth();
        builder.AddServiceDatabase<WorkflowDbContext>();
        builder.AddEventBusConnection();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
