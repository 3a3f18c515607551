using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;

namespace TicketTracking.AccessControl.Tests;

/// <summary>What came back from one probing call.</summary>
public sealed record RpcOutcome(StatusCode Code, string? Reason, string Detail)
{
    /// <summary>Refused by the access rules (not by a handler's object-level check, which uses other reasons).</summary>
    public bool RefusedByAccessRules => Reason is "UNAUTHENTICATED" or "PERMISSION_DENIED"
        && Code is StatusCode.Unauthenticated or StatusCode.PermissionDenied;

    /// <summary>The app serves no such service: gRPC's own answer, without our error details.</summary>
    public bool NotServed => Code == StatusCode.Unimplemented && Reason is null && Detail.Contains("Service is unimplemented", StringComparison.Ordinal);

    public override string ToString() => $"{Code} ({Reason ?? "no reason"}: {Detail})";
}

/// <summary>
/// Calls any RPC by its descriptor with an empty request, whatever its streaming kind, and reports the status. An
/// empty request is enough: access is decided before the handler looks at the request.
/// </summary>
public static class RpcProbe
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static async Task<RpcOutcome> CallAsync(CallInvoker invoker, MethodDescriptor descriptor)
    {
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var method = new Method<byte[], byte[]>(type, descriptor.Service.FullName, descriptor.Name, Bytes, Bytes);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, []);
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, []))
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }
                    break;
            }
            return new RpcOutcome(StatusCode.OK, null, "");
        }
        catch (RpcException error)
        {
            return new RpcOutcome(error.StatusCode, error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason, error.Status.Detail);
        }
    }
}
