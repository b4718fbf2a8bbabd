using System.Collections.Concurrent;
using System.Net;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Containerd;
using LayerCache.Core.Model;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Peers;

/// <summary>
/// Fetches a blob from the site's peers into containerd's content store (ref <c>peer-&lt;digest&gt;</c>, under the
/// agent's lease, as a prefetched layer is), or says no peer could. A peer is trusted for nothing: its bytes must add
/// up to the size and hash to the digest or containerd does not commit them; a peer that answers otherwise, sends
/// nothing for <see cref="PeerOptions.StallTimeout"/> or redirects is abandoned for the next, then for the registry.
/// One fetch a digest at a time: a second ask for it waits for the first.
/// </summary>
public sealed partial class PeerFetcher : IDisposable
{
    private readonly PeerDirectory _directory;
    private readonly AgentLease _lease;
    private readonly ContainerdClient _client;
    private readonly NodeState _node;
    private readonly AgentMetrics _metrics;
    private readonly PeerOptions _options;
    private readonly ILogger<PeerFetcher> _logger;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<Digest, Lazy<Task<ContentInfo?>>> _inFlight = new();

    public PeerFetcher(
        PeerDirectory directory, AgentLease lease, ContainerdClient client, NodeState node, AgentMetrics metrics, IOptions<AgentOptions> options, ILogger<PeerFetcher> logger)
    {
        _directory = directory;
        _lease = lease;
        _client = client;
        _node = node;
        _metrics = metrics;
        _options = options.Value.Peers;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = _options.StallTimeout,
            MaxResponseHeadersLength = 64,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The blob, committed on this node, or null when no peer holds it or none gave it.</summary>
    public async Task<ContentInfo?> FetchAsync(Digest digest, CancellationToken cancellationToken)
    {
        var fetch = _inFlight.GetOrAdd(digest, d => new Lazy<Task<ContentInfo?>>(() => FetchOnceAsync(d)));
        try
        {
            return await fetch.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (fetch.Value.IsCompleted)
            {
                _inFlight.TryRemove(new KeyValuePair<Digest, Lazy<Task<ContentInfo?>>>(digest, fetch));
            }
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Not cancelled by one asker: another may be waiting for the same blob.</summary>
    private async Task<ContentInfo?> FetchOnceAsync(Digest digest)
    {
        await Task.Yield();
        var capacity = _node.Cache.CapacityBytes;
        foreach (var peer in _directory.Holders(digest).Where(p => p.SizeBytes <= capacity).Take(_options.MaxPeersPerBlob))
        {
            try
            {
                await FetchFromAsync(peer).ConfigureAwait(false);
                _metrics.PeerFetchedBytes.Inc(peer.SizeBytes);
                return await _client.ContentInfoAsync(digest, CancellationToken.None).ConfigureAwait(false);
            }
            catch (PeerFetchException e)
            {
                _metrics.PeerFallbacks.Inc(1, e.Reason);
                LogAbandoned(_logger, digest.ToShortString(), peer.Node, e.Reason, e.Message);
            }
        }

        return null;
    }

    private async Task FetchFromAsync(PeerBlob peer)
    {
        var reference = $"peer-{peer.Digest}";
        using var headers = new CancellationTokenSource(_options.StallTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(new Uri(peer.Address, $"/v2/layercache/peer/blobs/{peer.Digest}"), HttpCompletionOption.ResponseHeadersRead, headers.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            throw new PeerFetchException(e is OperationCanceledException ? "stalled" : "unreachable", e.Message);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new PeerFetchException(response.StatusCode == HttpStatusCode.NotFound ? "not_found" : "refused", $"it answered {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength is { } length && length != peer.SizeBytes)
            {
                throw new PeerFetchException("size", $"it offered {length} bytes where its inventory says {peer.SizeBytes}");
            }

            try
            {
                await using var body = new StallGuardStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), _options.StallTimeout);
                await _lease.WriteAsync(reference, peer.Digest, peer.SizeBytes, body, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ContentCommitException e)
            {
                throw new PeerFetchException("verification", e.Message);
            }
            catch (Exception e) when (e is TimeoutException or IOException or HttpRequestException)
            {
                await AbortQuietlyAsync(reference).ConfigureAwait(false);
                throw new PeerFetchException(e is TimeoutException ? "stalled" : "broken", e.Message);
            }
        }
    }

    private async Task AbortQuietlyAsync(string reference)
    {
        if (!await _lease.AbortWriteAsync(reference).ConfigureAwait(false))
        {
            _metrics.ContainerdErrors.Inc(1, "abort_write");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gave up on peer {Peer} for blob {Digest} ({Reason}): {Detail}")]
    private static partial void LogAbandoned(ILogger logger, string digest, string peer, string reason, string detail);
}
