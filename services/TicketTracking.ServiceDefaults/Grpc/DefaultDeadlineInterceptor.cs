using Grpc.Core.Interceptors;
using Grpc.Core;

namespace TicketTracking.ServiceDefaults.Grpc;

/// <summary>Gives unary calls a deadline when the caller set none, so a hung service cannot hang its callers.</summary>
internal sealed class DefaultDeadlineInterceptor(TimeSpan deadline) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (context.Options.Deadline is null)
            context = new ClientInterceptorContext<TRequest, TResponse>(
                context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow.Add(deadline)));
        return continuation(request, context);
    }
}
