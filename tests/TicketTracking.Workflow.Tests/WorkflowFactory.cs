using TicketTracking.Testing;
using TicketTracking.Workflow.Data;

namespace TicketTracking.Workflow.Tests;

public sealed class WorkflowFactory : ServiceFactory<WorkflowApp, WorkflowDbContext>;
