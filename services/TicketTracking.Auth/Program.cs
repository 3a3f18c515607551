using TicketTracking.Auth;
using TicketTracking.Auth.Grpc;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("auth");
builder.AddAuthServices();

var app = builder.Build();
app.MapGrpcService<DepartmentGrpcService>();
app.MapGrpcService<SessionGrpcService>();
app.MapGrpcService<SigningKeyGrpcService>();
app.MapGrpcService<ServiceAccountGrpcService>();
app.MapGrpcService<UserGrpcService>();
app.MapGrpcService<RoleGrpcService>();
app.MapGrpcService<CredentialGrpcService>();
app.MapGrpcService<AuditGrpcService>();
app.MapJwks();
app.MapDefaultEndpoints();
return await app.RunAppAsync(args);
