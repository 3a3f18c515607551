using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace TicketTracking.ServiceDefaults.Grpc;

/// <summary>
/// Errors in the rich error model (ARCHITECTURE.md §5): a <c>google.rpc.Status</c> with an <c>ErrorInfo</c> reason and,
/// for bad input, <c>BadRequest</c> field violations. Transcoding writes the same status as the HTTP error body.
/// </summary>
public static class GrpcErrors
{
    public const string Domain = "tickettracking";

    /// <summary>One bad field; <paramref name="reason"/> names the rule when a client may act on it (e.g. ATTACHMENT_TYPE_NOT_ALLOWED).</summary>
    public static RpcException InvalidArgument(string field, string description, string reason = "INVALID_ARGUMENT") =>
        InvalidArgument([new BadRequest.Types.FieldViolation { Field = field, Description = description }], reason);

    public static RpcException InvalidArgument(IReadOnlyCollection<BadRequest.Types.FieldViolation> violations, string reason = "INVALID_ARGUMENT")
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations);
        var message = string.Join(" ", violations.Select(v => $"{v.Field}: {v.Description}"));
        return Build(Code.InvalidArgument, message, reason, Any.Pack(badRequest));
    }

    public static RpcException NotFound(string what, string key) =>
        Build(Code.NotFound, $"{what} '{key}' was not found.", "NOT_FOUND");

    public static RpcException AlreadyExists(string message) => Build(Code.AlreadyExists, message, "ALREADY_EXISTS");

    /// <summary>The request is valid but the current state forbids it; <paramref name="subject"/> names what to fix.</summary>
    public static RpcException FailedPrecondition(string subject, string message, string reason) =>
        Build(Code.FailedPrecondition, message, reason, Any.Pack(new PreconditionFailure
        {
            Violations = { new PreconditionFailure.Types.Violation { Type = reason, Subject = subject, Description = message } },
        }));

    /// <summary>The caller passed the RPC's access rule but may not act on this particular object.</summary>
    public static RpcException Forbidden(string message) => Build(Code.PermissionDenied, message, "OBJECT_ACCESS_DENIED");

    public static RpcException Conflict(string message) => Build(Code.Aborted, message, "CONCURRENCY_CONFLICT");

    /// <summary>
    /// Optimistic concurrency for requests carrying <c>expected_version</c>: 0 skips the check, anything but the
    /// stored version is a conflict naming <paramref name="what"/>.
    /// </summary>
    public static void ExpectVersion(uint actual, long expected, string what)
    {
        if (expected != 0 && expected != actual)
            throw Conflict($"{what} was changed by someone else; reload it and try again.");
    }

    public static RpcException Build(Code code, string message, string reason, params Any[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = Domain }));
        status.Details.AddRange(details);
        return status.ToRpcException();
    }
}
