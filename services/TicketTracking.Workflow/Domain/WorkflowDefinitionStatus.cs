namespace TicketTracking.Workflow.Domain;

public enum WorkflowDefinitionStatus
{
    Draft = 1,
    Published = 2,
    Paused = 3,
}
