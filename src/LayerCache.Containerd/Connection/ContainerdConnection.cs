using Grpc.Core;
using Grpc.Net.Client;
using VersionApi = LayerCache.Containerd.Api.Version;

namespace LayerCache.Containerd;

/// <summary>
/// The channel to one containerd, and whether containerd answered last time we asked. Calls that find it
/// Unavailable (restarting) retry with <see cref="ReconnectBackoff"/> instead of failing at once.
/// </summary>
public sealed class ContainerdConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly ReconnectBackoff _backoff;
    private readonly TimeProvider _timeProvider;
    private volatile bool _isConnected;

    public ContainerdConnection(ContainerdClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SocketPath = options.SocketPath;
        _channel = UnixSocketChannel.Create(options.SocketPath, options.MaxMessageBytes);
        _backoff = new ReconnectBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay, options.ReconnectGiveUpAfter);
        _timeProvider = options.TimeProvider;
    }

    public string SocketPath { get; }

    public CallInvoker CallInvoker => _channel.CreateCallInvoker();

    /// <summary>True when the last call reached containerd; false before the first call and after an Unavailable.</summary>
    public bool IsConnected => _isConnected;

    /// <summary>Asks containerd for its version until it answers, backing off between tries; only cancellation stops it.</summary>
    public async Task WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        var client = new VersionApi.Version.VersionClient(_channel);
        var attempt = 0;
        while (true)
        {
            try
            {
                await client.VersionAsync(new Google.Protobuf.WellKnownTypes.Empty(), cancellationToken: cancellationToken);
                _isConnected = true;
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && !cancellationToken.IsCancellationRequested)
            {
                _isConnected = false;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("Stopped waiting for containerd.", e, cancellationToken);
            }

            await Task.Delay(_backoff.Delay(++attempt), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a call, and runs it again after a backoff delay while containerd is Unavailable, until the give-up bound.
    /// The call must be safe to repeat: an Unavailable call may or may not have reached containerd.
    /// </summary>
    public async Task<T> RetryWhileUnavailableAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var delays = _backoff.Delays().GetEnumerator();
        while (true)
        {
            try
            {
                var result = await call().ConfigureAwait(false);
                _isConnected = true;
                return result;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && !cancellationToken.IsCancellationRequested)
            {
                _isConnected = false;
                if (!delays.MoveNext())
                {
                    throw;
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                // Cancellation reads the same whether it hit the call or the backoff delay.
                throw new OperationCanceledException("The call to containerd was cancelled.", e, cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Unavailable && e.StatusCode != StatusCode.Cancelled)
            {
                // containerd answered, if only with an error.
                _isConnected = true;
                throw;
            }

            await Task.Delay(delays.Current, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records what a streaming call learned about containerd's availability.</summary>
    public void Observe(RpcException? failure)
    {
        if (failure?.StatusCode == StatusCode.Cancelled)
        {
            return;
        }

        _isConnected = failure?.StatusCode != StatusCode.Unavailable;
    }

    public void Dispose() => _channel.Dispose();
}
