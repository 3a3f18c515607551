using TicketTracking.Eventing.Transport;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Hosting;
using TicketTracking.WorkflowWorker;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("workflow-worker");
builder.AddWorkflowWorkerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEventSubscriptions();
return await app.RunAppAsync(args);
