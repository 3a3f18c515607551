using Grpc.Core.Interceptors;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TicketTracking.ServiceDefaults.Grpc;

/// <summary>
/// Turns the database's concurrency and uniqueness failures into the status codes callers can act on, and any other
/// unexpected failure into a plain Internal status whose details stay in the log.
/// </summary>
internal sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error) when (Map(error, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception error) when (Map(error, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception error) when (Map(error, context) is { } mapped)
        {
            throw mapped;
        }
    }

    private RpcException? Map(Exception error, ServerCallContext context)
    {
        switch (error)
        {
            case RpcException:
                return null;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            case RuleViolationException rule:
                return GrpcErrors.FailedPrecondition(rule.Subject, rule.Message, rule.Reason);
            case DbUpdateConcurrencyException:
                return GrpcErrors.Conflict("The record was changed by someone else; reload it and try again.");
            case DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } }:
                return GrpcErrors.AlreadyExists("A record with the same unique value already exists.");
            default:
                LogUnexpected(logger, error, context.Method);
                return new RpcException(new Status(StatusCode.Internal, "An unexpected error occurred; it has been logged."));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method}")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string method);
}
