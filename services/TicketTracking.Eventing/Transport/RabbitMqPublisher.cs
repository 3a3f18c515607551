using RabbitMQ.Client;
using TicketTracking.ServiceDefaults.Messaging;

namespace TicketTracking.Eventing.Transport;

/// <summary>
/// Publishes persistent messages with publisher confirms: a nack or no confirm within the timeout is a failure, so the
/// outbox row stays pending and is retried.
/// </summary>
public sealed class RabbitMqPublisher(RabbitMqConnection connection) : IEventTransport, IAsyncDisposable
{
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _declared = [];
    private IChannel? _channel;

    public async Task PublishAsync(string topic, Guid eventId, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConfirmTimeout);
        await _gate.WaitAsync(timeout.Token);
        try
        {
            var channel = await ChannelAsync(timeout.Token);
            if (_declared.Add(topic))
                await RabbitMqTopology.DeclareTopicAsync(channel, topic, timeout.Token);
            var properties = new BasicProperties
            {
                MessageId = eventId.ToString(),
                ContentType = CloudEventEnvelope.ContentType,
                DeliveryMode = DeliveryModes.Persistent,
            };
            // With confirmation tracking on, this returns after the broker's ack and throws on a nack.
            await channel.BasicPublishAsync(topic, "", mandatory: false, properties, envelope, timeout.Token);
        }
        catch
        {
            // A channel that failed mid-publish may be closed or out of step: start the next publish on a fresh one.
            await ResetChannelAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
            return _channel;
        await ResetChannelAsync();
        var open = await connection.GetAsync(cancellationToken);
        _channel = await open.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        return _channel;
    }

    private async Task ResetChannelAsync()
    {
        _declared.Clear();
        if (_channel is not null)
        {
            try
            {
                await _channel.DisposeAsync();
            }
            catch (Exception)
            {
                // Closing a broken channel may fail; it is discarded either way.
            }
            _channel = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ResetChannelAsync();
        _gate.Dispose();
    }
}
