using System.Diagnostics;
using System.IO.Pipelines;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Agent.Peers;
using LayerCache.Containerd;
using LayerCache.Core.Model;
using LayerCache.Registry;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Prefetch;

/// <summary>
/// Brings an image's layers onto the node before a pod asks for them. A layer prefetch streams each missing blob
/// from the registry straight into containerd's content store (ref <c>layer-&lt;digest&gt;</c>, as containerd's own
/// pull names it, so a concurrent pull resumes rather than downloads twice) under the agent's lease, which keeps
/// it from garbage collection until an image references it (the inventory read then leaves it to the image). The
/// registry client checks the SHA-256 as bytes arrive and containerd checks it again at commit: a wrong blob is never
/// committed. A layer that a peer of the site holds comes from that peer instead (<see cref="PeerFetcher"/>). An
/// image prefetch is a CRI PullImage, which also unpacks (and goes through the mirror like any pull).
/// </summary>
public sealed partial class LayerPrefetcher : IDisposable
{
    private const int Attempts = 2;

    private readonly AgentLease _lease;
    private readonly ContainerdClient _client;
    private readonly RegistryClient _registry;
    private readonly PeerFetcher? _peers;
    private readonly NodeState _node;
    private readonly AgentMetrics _metrics;
    private readonly ILogger<LayerPrefetcher> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly BandwidthCap? _cap;

    public LayerPrefetcher(
        ContainerdClient client,
        AgentLease lease,
        RegistryClient registry,
        NodeState node,
        AgentMetrics metrics,
        IOptions<AgentOptions> options,
        ILogger<LayerPrefetcher> logger,
        PeerFetcher? peers = null)
    {
        var o = options.Value;
        _client = client;
        _lease = lease;
        _registry = registry;
        _peers = peers;
        _node = node;
        _metrics = metrics;
        _logger = logger;
        _slots = new SemaphoreSlim(o.PrefetchConcurrency, o.PrefetchConcurrency);
        _cap = BandwidthCap.Of(o.BandwidthCapBytesPerSecond);
    }

    /// <summary>Fetches the layers of <paramref name="reference"/> that the node lacks.</summary>
    public async Task<PrefetchReport> PrefetchLayersAsync(string reference, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ResolvedImage resolved;
        try
        {
            resolved = await _registry.ResolveAsync(reference, Platform.Current, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e)
        {
            _metrics.RegistryErrors.Inc(1, ErrorKind(e));
            _metrics.PrefetchFailures.Inc(1, "layers");
            throw;
        }

        var tasks = resolved.Image.DistinctLayers.Select(layer => FetchLayerAsync(resolved.Reference, layer, cancellationToken)).ToList();
        var layers = await Task.WhenAll(tasks).ConfigureAwait(false);
        _node.Popularity.Record(resolved.Image);
        return new PrefetchReport(reference, resolved.ManifestDigest, layers, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Pulls and unpacks the whole image through CRI, as the kubelet would, with the registry's credentials.</summary>
    public async Task<PrefetchReport> PrefetchImageAsync(string reference, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var registry = ImageReference.TryParse(reference, out var parsed, out _) ? parsed.Registry : null;
        var login = registry is null ? null : _registry.LoginFor(registry);
        try
        {
            await _client.PullImageAsync(reference, CriPullAuth.Credentials(login), cancellationToken).ConfigureAwait(false);
        }
        catch (Grpc.Core.RpcException e)
        {
            _metrics.ContainerdErrors.Inc(1, "pull");
            _metrics.PrefetchFailures.Inc(1, "image");
            if (CriPullAuth.IsRefused(e))
            {
                _metrics.RegistryErrors.Inc(1, "auth");
            }

            throw CriPullAuth.Describe(e, reference, registry, login is not null);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        _metrics.PrefetchSeconds.Observe(elapsed.TotalSeconds, "image");
        return new PrefetchReport(reference, null, [], elapsed);
    }

    public void Dispose()
    {
        _slots.Dispose();
        _cap?.Dispose();
    }

    private async Task<PrefetchedLayer> FetchLayerAsync(ImageReference repository, Layer layer, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _client.ContentInfoAsync(layer.Digest, cancellationToken).ConfigureAwait(false) is not null)
            {
                // On the node already: our lease holds it too, unless an image references it (the next inventory read then
                // leaves it to the image, which the kubelet's image GC may remove with it).
                await _lease.HoldAsync(layer.Digest, cancellationToken).ConfigureAwait(false);
                return new PrefetchedLayer(layer, AlreadyPresent: true, TimeSpan.Zero);
            }

            // From a peer of the site first, as containerd's pulls through the mirror do; the registry when none gives it.
            var started = Stopwatch.GetTimestamp();
            if (_peers is not null && await _peers.FetchAsync(layer.Digest, cancellationToken).ConfigureAwait(false) is not null)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                LogFetchedFromPeer(_logger, layer.Digest.ToShortString(), layer.SizeBytes, elapsed.TotalMilliseconds);
                return new PrefetchedLayer(layer, AlreadyPresent: false, elapsed);
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var elapsed = await StreamIntoContentStoreAsync(repository, layer, cancellationToken).ConfigureAwait(false);
                    _metrics.PrefetchBytes.Inc(layer.SizeBytes, "layers");
                    _metrics.PrefetchSeconds.Observe(elapsed.TotalSeconds, "layers");
                    _node.Bandwidth.Record(layer.SizeBytes, elapsed);
                    _metrics.BandwidthBytesPerSecond.Set(_node.Bandwidth.BytesPerSecond);
                    LogFetched(_logger, layer.Digest.ToShortString(), layer.SizeBytes, elapsed.TotalMilliseconds);
                    return new PrefetchedLayer(layer, AlreadyPresent: false, elapsed);
                }
                catch (Exception e) when (e is RegistryException or ContentCommitException && attempt < Attempts && !cancellationToken.IsCancellationRequested)
                {
                    Count(e);
                    LogRetry(_logger, layer.Digest.ToShortString(), attempt, e.Message);
                }
                catch (Exception e) when (e is RegistryException or ContentCommitException)
                {
                    Count(e);
                    _metrics.PrefetchFailures.Inc(1, "layers");
                    throw;
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<TimeSpan> StreamIntoContentStoreAsync(ImageReference repository, Layer layer, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var reference = $"layer-{layer.Digest}";
        var pipe = new Pipe();
        var download = DownloadAsync(pipe.Writer, repository, layer, cancellationToken);
        try
        {
            await using var source = pipe.Reader.AsStream();
            await _lease.WriteAsync(reference, layer.Digest, layer.SizeBytes, source, cancellationToken).ConfigureAwait(false);
            await download.ConfigureAwait(false);
        }
        catch
        {
            // Bytes that failed verification must not be resumed from: drop the partial ingest.
            await download.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            await AbortIngestAsync(reference).ConfigureAwait(false);
            if (download.IsFaulted)
            {
                throw download.Exception!.InnerException!;
            }

            throw;
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Bytes that failed verification must not be resumed from.</summary>
    private async Task AbortIngestAsync(string reference)
    {
        if (!await _lease.AbortWriteAsync(reference).ConfigureAwait(false))
        {
            _metrics.ContainerdErrors.Inc(1, "abort_write");
        }
    }

    /// <summary>Streams the blob into the pipe; the pipe ends with the registry's error if the bytes were wrong.</summary>
    private async Task DownloadAsync(PipeWriter writer, ImageReference repository, Layer layer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await using var sink = writer.AsStream(leaveOpen: true);
            var destination = _cap?.Wrap(sink) ?? sink;
            await _registry.FetchBlobAsync(repository, layer, destination, 0, cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e).ConfigureAwait(false);
            throw;
        }
    }

    private void Count(Exception e)
    {
        if (e is RegistryException registry)
        {
            _metrics.RegistryErrors.Inc(1, ErrorKind(registry));
        }
        else
        {
            _metrics.ContainerdErrors.Inc(1, "content_write");
        }
    }

    private static string ErrorKind(RegistryException e) => e switch
    {
        BlobVerificationException => "verification",
        RegistryAuthenticationException => "auth",
        RegistryNotFoundException => "not_found",
        InsecureRegistryException => "insecure",
        _ => "request",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Prefetched layer {Digest} ({Bytes} bytes) in {Ms} ms")]
    private static partial void LogFetched(ILogger logger, string digest, long bytes, double ms);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prefetched layer {Digest} ({Bytes} bytes) from a peer in {Ms} ms")]
    private static partial void LogFetchedFromPeer(ILogger logger, string digest, long bytes, double ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prefetch of layer {Digest} failed (attempt {Attempt}), retrying: {Reason}")]
    private static partial void LogRetry(ILogger logger, string digest, int attempt, string reason);
}
