using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Bff.Responses;

/// <summary>
/// Errors of the BFF's own endpoints (the ones transcoding cannot carry: uploads, downloads, CSV) in the shape every
/// other API error has (ARCHITECTURE.md §5): google.rpc.Status as JSON, a downstream status passed on with its details.
/// </summary>
internal static class ApiErrors
{
    private static readonly Google.Protobuf.JsonFormatter Formatter = new(Google.Protobuf.JsonFormatter.Settings.Default
        .WithTypeRegistry(TypeRegistry.FromMessages(
            BadRequest.Descriptor, ErrorInfo.Descriptor, PreconditionFailure.Descriptor, QuotaFailure.Descriptor, ResourceInfo.Descriptor)));

    public static string Format(Google.Rpc.Status status) => Formatter.Format(status);

    /// <summary>An error of the BFF's own, with a field violation and/or an ErrorInfo reason when given.</summary>
    public static Task WriteAsync(
        HttpContext http, int httpStatus, Code code, string message, BadRequest.Types.FieldViolation? violation = null, string? reason = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        if (violation is not null)
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { violation } }));
        if (reason is not null)
            status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = GrpcErrors.Domain }));
        return WriteAsync(http, httpStatus, status);
    }

    /// <summary>A service's refusal, with the HTTP status transcoding gives the same gRPC code.</summary>
    public static Task WriteAsync(HttpContext http, RpcException error, int? httpStatus = null) =>
        WriteAsync(http, httpStatus ?? ToHttpStatus(error.StatusCode), error.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)error.StatusCode, Message = error.Status.Detail });

    public static Task Unauthenticated(HttpContext http) => WriteAsync(http, StatusCodes.Status401Unauthorized, Code.Unauthenticated, "Sign in first.");

    private static async Task WriteAsync(HttpContext http, int httpStatus, Google.Rpc.Status status)
    {
        http.Response.StatusCode = httpStatus;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(Format(status));
    }

    // The mapping grpc-gateway and ASP.NET Core's transcoding use.
    private static int ToHttpStatus(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Cancelled => 499,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };
}
