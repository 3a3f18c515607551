using TicketTracking.Notifications;
using TicketTracking.Notifications.Grpc;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("notifications");
builder.AddNotificationsServices();

var app = builder.Build();
app.MapGrpcService<NotificationGrpcService>();
app.MapGrpcService<EmailGrpcService>();
app.MapDefaultEndpoints();
return await app.RunAppAsync(args);
