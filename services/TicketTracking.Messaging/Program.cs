using TicketTracking.Messaging;
using TicketTracking.Messaging.Grpc;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("messaging");
builder.AddMessagingServices();

var app = builder.Build();
app.MapGrpcService<MessageGrpcService>();
app.MapDefaultEndpoints();
return await app.RunAppAsync(args);
