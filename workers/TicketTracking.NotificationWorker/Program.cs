using TicketTracking.NotificationWorker;
using TicketTracking.Eventing.Transport;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("notification-worker");
builder.AddNotificationWorkerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEventSubscriptions();
return await app.RunAppAsync(args);
