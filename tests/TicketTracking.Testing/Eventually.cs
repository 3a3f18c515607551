namespace TicketTracking.Testing;

/// <summary>Waits on a condition, never on a fixed sleep: asynchronous effects (events, relays) are polled for.</summary>
public static class Eventually
{
    public static async Task Until(Func<Task<bool>> condition, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
                throw new TimeoutException($"The awaited condition did not hold within {within.TotalSeconds:0.#} s.");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
