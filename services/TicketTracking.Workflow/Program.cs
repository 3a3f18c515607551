using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Hosting;
using TicketTracking.Workflow;
using TicketTracking.Workflow.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("workflow");
builder.AddWorkflowServices();

var app = builder.Build();
app.MapGrpcService<WorkflowDefinitionGrpcService>();
app.MapDefaultEndpoints();
return await app.RunAppAsync(args);
