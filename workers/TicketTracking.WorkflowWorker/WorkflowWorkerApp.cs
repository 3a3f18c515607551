using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Protos.Workflow.V1;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Messaging;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.WorkflowWorker;

/// <summary>
/// Marker for <c>WebApplicationFactory&lt;WorkflowWorkerApp&gt;</c>: routes new tickets into workflows and runs the SLA
/// clock. Owns no database: it acts through the Tickets and Workflow services.
/// </summary>
public sealed class WorkflowWorkerApp;

public static class WorkflowWorkerServiceRegistration
{
    public static WebApplicationBuilder AddWorkflowWorkerServices(this WebApplicationBuilder builder)
    {
        builder.AddSigningKeysFromAuth();
        builder.AddServiceAccount();
        builder.AddEventBusConnection();
        builder.AddServiceClient<TicketService.TicketServiceClient>("Tickets").WithServiceAccountToken();
        builder.AddServiceClient<WorkflowDefinitionService.WorkflowDefinitionServiceClient>("Workflow").WithServiceAccountToken();
        return builder;
    }
}
