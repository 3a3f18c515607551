using TicketTracking.Eventing.Transport;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Hosting;
using TicketTracking.Tickets;
using TicketTracking.Tickets.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("tickets");
builder.AddTicketsServices();

var app = builder.Build();
app.MapGrpcService<TicketGrpcService>();
app.MapGrpcService<CategoryGrpcService>();
app.MapGrpcService<SavedViewGrpcService>();
app.MapGrpcService<AttachmentGrpcService>();
app.MapDefaultEndpoints();
app.MapEventSubscriptions();
return await app.RunAppAsync(args);
