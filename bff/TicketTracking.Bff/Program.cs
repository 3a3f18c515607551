using TicketTracking.Bff;
using TicketTracking.Bff.Attachments;
using TicketTracking.Bff.Export;
using TicketTracking.Bff.Grpc;
using TicketTracking.Bff.Session;
using TicketTracking.ServiceDefaults;
using TicketTracking.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("bff");
builder.AddBffServices();

var app = builder.Build();
app.UseBffSession();
app.MapGrpcService<DepartmentApi>();
app.MapGrpcService<SessionApi>();
app.MapGrpcService<MeApi>();
app.MapGrpcService<AdminApi>();
app.MapGrpcService<TicketApi>();
app.MapGrpcService<CategoryApi>();
app.MapGrpcService<SavedViewApi>();
app.MapGrpcService<AttachmentApi>();
app.MapTicketCsvExport();
app.MapAttachmentEndpoints();
app.MapDefaultEndpoints();
return await app.RunAppAsync(args);
