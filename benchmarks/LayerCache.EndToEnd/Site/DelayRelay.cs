using System.Net;
using System.Net.Sockets;

namespace LayerCache.EndToEnd.Site;

/// <summary>
/// A TCP relay that delays what the target sends back by a fixed one-way time: the uplink's latency, since this
/// kernel has no netem. Runs in the cloud namespace in front of the registry as <c>layercache-e2e relay</c>.
/// </summary>
internal sealed class DelayRelay : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly TimeSpan _delay;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    private DelayRelay(Socket listener, IPEndPoint target, TimeSpan delay, TimeProvider time)
    {
        _listener = listener;
        _target = target;
        _delay = delay;
        _time = time;
        _accepting = AcceptAsync();
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public static DelayRelay Start(IPEndPoint listen, IPEndPoint target, TimeSpan delay, TimeProvider? time = null)
    {
        var listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(listen);
            listener.Listen(512);
            return new DelayRelay(listener, target, delay, time ?? TimeProvider.System);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private async Task AcceptAsync()
    {
        var connections = new HashSet<Task>();
        try
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (SocketException) when (!_stopping.IsCancellationRequested)
                {
                    // A client that reset before it was accepted, or a momentary lack of descriptors.
                    continue;
                }

                var connection = RelayConnection.RunAsync(client, _target, _delay, _time, _stopping.Token);
                lock (connections)
                {
                    connections.Add(connection);
                }

                _ = connection.ContinueWith(
                    done =>
                    {
                        lock (connections)
                        {
                            connections.Remove(done);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
        {
            // Stopping.
        }

        Task[] open;
        lock (connections)
        {
            open = [.. connections];
        }

        await Task.WhenAll(open).ConfigureAwait(false);
    }

    /// <summary><c>layercache-e2e relay --listen ADDR:PORT --to ADDR:PORT --delay-ms N</c>: relays until cancelled.</summary>
    public static async Task<int> RunCommandAsync(IPEndPoint listen, IPEndPoint target, int delayMs, CancellationToken cancellationToken)
    {
        await using var relay = Start(listen, target, TimeSpan.FromMilliseconds(delayMs));
        await Console.Out.WriteLineAsync($"relay {relay.LocalEndPoint} -> {target}, {delayMs} ms back").ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped by signal.
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
