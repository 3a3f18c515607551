using Google.Rpc;
using Grpc.Core;

namespace TicketTracking.Testing;

public static class RpcAssertions
{
    /// <summary>The field names of the BadRequest detail of a rich-model InvalidArgument error.</summary>
    public static IReadOnlyList<string> ViolatedFields(this RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];

    /// <summary>The ErrorInfo reason of a rich-model error.</summary>
    public static string? Reason(this RpcException error) => error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;
}
