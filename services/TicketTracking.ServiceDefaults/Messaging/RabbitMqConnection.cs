using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace TicketTracking.ServiceDefaults.Messaging;

/// <summary>
/// The app's one long-lived AMQP connection (connections are expensive; channels are cheap). Opened on first use and
/// recovered automatically after a broker restart; a failed first attempt is retried on the next use.
/// </summary>
public sealed class RabbitMqConnection(IOptions<EventBusOptions> options, AppIdentity app) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_connection is { } open)
            return open;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _connection ??= await new ConnectionFactory
            {
                Uri = new Uri(options.Value.RabbitMqConnectionString!),
                ClientProvidedName = app.AppId,
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            }.CreateConnectionAsync(cancellationToken);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
