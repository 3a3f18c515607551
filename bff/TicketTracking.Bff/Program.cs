using TicketTracking.Bff;
using TicketTracking.Bff.Grpc;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("bff");
builder.AddBffServices();

var app = builder.Build();
app.MapGrpcService<DepartmentApi>();
app.MapDefaultEndpoints();
return await app.RunAppAsync(args);
