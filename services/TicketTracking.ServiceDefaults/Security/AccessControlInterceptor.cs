using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using TicketTracking.Protos.Common.V1;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.ServiceDefaults.Security;

/// <summary>
/// Enforces every RPC's declared <see cref="Access"/> before its handler runs, deny by default: a bearer token is
/// validated (a bad one is refused even where anonymous calls are allowed), the caller is made available through
/// <see cref="CallerExtensions.GetCaller"/>, and a caller the declaration does not admit gets Unauthenticated
/// (no token) or PermissionDenied.
/// </summary>
internal sealed class AccessControlInterceptor(MethodAccessCatalog catalog, AccessTokenValidator validator) : Interceptor
{
    /// <summary>The ErrorInfo reasons of a refusal by the access rules (object-level refusals use others).</summary>
    public const string UnauthenticatedReason = "UNAUTHENTICATED";
    public const string PermissionDeniedReason = "PERMISSION_DENIED";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AdmitAsync(ServerCallContext context)
    {
        // gRPC's own health and reflection services are open, as orchestrators and tooling expect; every RPC of
        // ours needs a declaration.
        if (!context.Method.StartsWith("/tickettracking.", StringComparison.Ordinal))
            return;
        var access = catalog.Find(context)?.Access;
        var caller = await AuthenticateAsync(context);
        if (access is null)
            throw Denied($"{context.Method} declares no access rule, so nobody may call it.");
        if (access.Anonymous)
            return;
        if (caller is null)
            throw GrpcErrors.Build(Code.Unauthenticated, "Sign in first: this call needs an access token.", UnauthenticatedReason);
        if (access.SignedIn
            || (access.ServiceAccounts && caller.IsServiceAccount)
            || access.Permissions.Any(caller.Has))
            return;
        throw Denied(access.Permissions.Count > 0
            ? $"This call needs one of the permissions: {string.Join(", ", access.Permissions)}."
            : "This call is for service accounts only.");
    }

    private async Task<Caller?> AuthenticateAsync(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null)
            return null;
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            throw GrpcErrors.Build(Code.Unauthenticated, "The authorization header must be 'Bearer <access token>'.", UnauthenticatedReason);
        var (caller, failure) = await validator.ValidateAsync(header["Bearer ".Length..].Trim(), context.CancellationToken);
        if (caller is null)
            throw GrpcErrors.Build(Code.Unauthenticated, failure!, UnauthenticatedReason);
        context.GetHttpContext().SetCaller(caller);
        return caller;
    }

    private static RpcException Denied(string message) =>
        GrpcErrors.Build(Code.PermissionDenied, message, PermissionDeniedReason);
}
