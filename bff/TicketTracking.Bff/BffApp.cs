using Google.Protobuf.Reflection;
using Google.Rpc;
using TicketTracking.Bff.Session;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Bff;

/// <summary>Marker for <c>WebApplicationFactory&lt;BffApp&gt;</c>: the SPA's JSON API, sessions and real-time hub.</summary>
public sealed class BffApp;

public static class BffServiceRegistration
{
    public static WebApplicationBuilder AddBffServices(this WebApplicationBuilder builder)
    {
        builder.AddSigningKeysFromAuth();
        builder.AddServiceAccount();
        builder.AddBffSession();
        // Error details travel as google.rpc.Status JSON (ARCHITECTURE.md §5); the transcoder can only write the
        // detail types it knows.
        builder.Services.AddGrpc().AddJsonTranscoding(options =>
        {
            options.TypeRegistry = TypeRegistry.FromMessages(
                BadRequest.Descriptor, ErrorInfo.Descriptor, PreconditionFailure.Descriptor, QuotaFailure.Descriptor,
                ResourceInfo.Descriptor, RetryInfo.Descriptor, Help.Descriptor, LocalizedMessage.Descriptor);
            // 64-bit numbers travel as strings (ARCHITECTURE.md §5): JavaScript numbers lose precision above 2^53.
            options.JsonSettings.WriteInt64sAsStrings = true;
        });
        builder.AddServiceClient<DepartmentService.DepartmentServiceClient>("Auth").ForwardCaller();
        builder.AddServiceClient<SessionService.SessionServiceClient>("Auth").ForwardCaller();
        builder.AddServiceClient<UserService.UserServiceClient>("Auth").ForwardCaller();
        builder.AddServiceClient<CredentialService.CredentialServiceClient>("Auth").ForwardCaller();
        builder.AddServiceClient<RoleService.RoleServiceClient>("Auth").ForwardCaller();
        builder.AddServiceClient<ServiceAccountService.ServiceAccountServiceClient>("Auth").ForwardCaller();
        builder.AddServiceClient<AuditService.AuditServiceClient>("Auth").ForwardCaller();
        builder.AddServiceClient<Protos.Tickets.V1.TicketService.TicketServiceClient>("Tickets").ForwardCaller();
        builder.AddServiceClient<Protos.Tickets.V1.CategoryService.CategoryServiceClient>("Tickets").ForwardCaller();
        builder.AddServiceClient<Protos.Tickets.V1.SavedViewService.SavedViewServiceClient>("Tickets").ForwardCaller();
        builder.AddServiceClient<Protos.Tickets.V1.AttachmentService.AttachmentServiceClient>("Tickets").ForwardCaller();
        return builder;
    }
}
