using TicketTracking.Auth;
using TicketTracking.Auth.Grpc;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("auth");
builder.AddAuthServices();

var app = builder.Build();
app.MapGrpcService<DepartmentGrpcService>();
app.MapDefaultEndpoints();
return await app.RunAppAsync(args);
