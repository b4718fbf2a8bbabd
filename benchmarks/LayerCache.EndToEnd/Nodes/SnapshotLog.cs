using System.Security.Cryptography;
using Grpc.Core;
using LayerCache.Containerd;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Images;

namespace LayerCache.EndToEnd.Nodes;

/// <summary>
/// Every layer one node's containerd unpacks, read from its event stream: the prepare of an <c>extract-</c> snapshot,
/// and its commit (or removal), paired by the active key, with the layer blob's commit time from the content store,
/// asked as the commit arrives. Events come in the order containerd published them, so once a marker published now
/// has come back (<see cref="SettleAsync"/>), every unpack that ended before is in the log.
/// </summary>
internal sealed class SnapshotLog : IAsyncDisposable
{
    private const string ExtractPrefix = "extract-";
    private static readonly TimeSpan MarkerInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private readonly ContainerdClient _client;
    private readonly ImageChains _chains;
    private readonly Dictionary<string, (Digest Chain, DateTimeOffset PreparedAt)> _open = new(StringComparer.Ordinal);
    private readonly List<Extraction> _ended = [];
    private readonly Dictionary<Digest, TaskCompletionSource> _markers = [];
    private readonly object _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;
    private Exception? _failure;

    private SnapshotLog(ContainerdClient client, ImageChains chains)
    {
        _client = client;
        _chains = chains;
    }

    /// <summary>Starts reading the node's events and returns once the stream is known to be live.</summary>
    public static async Task<SnapshotLog> StartAsync(ContainerdClient client, ImageChains chains, CancellationToken cancellationToken)
    {
        var log = new SnapshotLog(client, chains);
        log._pump = Task.Run(() => log.PumpAsync(log._stop.Token), CancellationToken.None);
        try
        {
            await log.SettleAsync(cancellationToken).ConfigureAwait(false);
            return log;
        }
        catch
        {
            await log.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The unpacks that have ended so far.</summary>
    /// <exception cref="InvalidOperationException">The event stream failed: the log may lack unpacks.</exception>
    public IReadOnlyList<Extraction> Extractions()
    {
        lock (_lock)
        {
            return _failure is null ? [.. _ended] : throw new InvalidOperationException("the node's containerd event stream failed; its unpacks are not all known", _failure);
        }
    }

    /// <summary>
    /// Publishes a marker (a tiny blob written and deleted, which containerd announces on <c>/content/delete</c>) until one
    /// comes back through the stream: then every event published before it has been read.
    /// </summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(SettleTimeout);
        try
        {
            while (true)
            {
                var bytes = RandomNumberGenerator.GetBytes(32);
                var marker = Digest.FromHash(SHA256.HashData(bytes));
                var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_lock)
                {
                    if (_failure is not null)
                    {
                        throw new InvalidOperationException("the node's containerd event stream failed", _failure);
                    }

                    _markers[marker] = back;
                }

                try
                {
                    await PublishMarkerAsync(bytes, marker, limit.Token).ConfigureAwait(false);
                    await back.Task.WaitAsync(MarkerInterval, limit.Token).ConfigureAwait(false);
                    return;
                }
                catch (TimeoutException)
                {
                    // Published before the subscription was in place, it never comes back: publish another.
                }
                finally
                {
                    lock (_lock)
                    {
                        _markers.Remove(marker);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"containerd's event stream did not bring back a marker within {SettleTimeout.TotalSeconds:F0} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task PublishMarkerAsync(byte[] bytes, Digest digest, CancellationToken cancellationToken)
    {
        // Under a lease, so that garbage collection cannot take the blob before it is deleted (no delete, no event).
        var lease = await _client.CreateLeaseAsync(null, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            using var leased = _client.WithLease(lease.Id);
            using var content = new MemoryStream(bytes);
            await leased.WriteContentAsync("lce2e-marker-" + digest.Hex, digest, bytes.Length, content, cancellationToken: cancellationToken).ConfigureAwait(false);
            await _client.DeleteContentAsync(digest, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _client.DeleteLeaseAsync(lease.Id, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        string[] filters =
        [
            $"topic~=\"/snapshot/\",namespace==\"{_client.Namespace}\"",
            $"topic==\"/content/delete\",namespace==\"{_client.Namespace}\"",
        ];
        try
        {
            await foreach (var e in _client.SubscribeEventsAsync(filters, cancellationToken).ConfigureAwait(false))
            {
                await ReadAsync(e, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            // Disposed.
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                _failure = e;
                foreach (var waiting in _markers.Values)
                {
                    waiting.TrySetException(new InvalidOperationException("the node's containerd event stream failed", e));
                }
            }
        }
    }

    private async Task ReadAsync(ContainerdEvent e, CancellationToken cancellationToken)
    {
        switch (e)
        {
            case ContentDeletedEvent deleted:
                lock (_lock)
                {
                    _markers.GetValueOrDefault(deleted.Digest)?.TrySetResult();
                }

                break;
            case SnapshotEvent { Kind: SnapshotEventKind.Prepared } prepared when TryParseExtractKey(prepared.Key, out var chain):
                _open[prepared.Key] = (chain, prepared.Timestamp);
                break;
            case SnapshotEvent { Kind: SnapshotEventKind.Committed } committed when _open.Remove(committed.ActiveKey, out var open):
                await EndAsync(open.Chain, open.PreparedAt, committed.Timestamp, committed: true, cancellationToken).ConfigureAwait(false);
                break;
            case SnapshotEvent { Kind: SnapshotEventKind.Removed } removed when _open.Remove(removed.Key, out var open):
                await EndAsync(open.Chain, open.PreparedAt, removed.Timestamp, committed: false, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task EndAsync(Digest chain, DateTimeOffset preparedAt, DateTimeOffset endedAt, bool committed, CancellationToken cancellationToken)
    {
        DateTimeOffset? blobAt = null;
        if (_chains.BlobOf(chain) is { } blob && await _client.ContentInfoAsync(blob, cancellationToken).ConfigureAwait(false) is { } info)
        {
            blobAt = info.CreatedAt;
        }

        lock (_lock)
        {
            _ended.Add(new Extraction(chain, preparedAt, endedAt, blobAt, committed));
        }
    }

    /// <summary>containerd's unpacker names the snapshot it applies a layer to <c>extract-&lt;unique&gt; &lt;chain id&gt;</c>.</summary>
    internal static bool TryParseExtractKey(string key, out Digest chain)
    {
        chain = default;
        var space = key.LastIndexOf(' ');
        return key.StartsWith(ExtractPrefix, StringComparison.Ordinal) && space > 0 && Digest.TryParse(key[(space + 1)..], out chain);
    }
}
