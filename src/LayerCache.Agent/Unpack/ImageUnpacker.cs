using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Agent.Prefetch;
using LayerCache.Containerd;
using LayerCache.Core.Model;
using LayerCache.Registry;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Unpack;

/// <summary>
/// Makes an image ready to run before a pod asks for it, without creating the image: the layers the node lacks are
/// fetched (peers first, as any prefetch), its config is read for the layers' diff IDs, and each layer is unpacked
/// into a snapshot committed under its chain ID, the way containerd's own unpacker does it (prepare on the parent
/// chain, apply the blob, check the diff ID against the config, commit with the <c>containerd.io/snapshot.ref</c>
/// label). A chain that exists already is skipped, so a base shared by many images is unpacked once. The kubelet's
/// later pull then finds every snapshot committed and only writes the image record. What this makes is held by the
/// agent's lease (snapshots by name, registered before they exist), so garbage collection leaves it until the image
/// exists or the agent lets go (<see cref="UnpackedChains"/>); each blob unpacked ahead carries the label
/// <see cref="UnpackedLabelPrefix"/>+snapshotter with its chain ID, which the inventory reads. Each apply is timed: the
/// node's unpack rate (<see cref="NodeState.UnpackRate"/>), which its eviction weighs a snapshot's worth with.
/// </summary>
public sealed partial class ImageUnpacker(
    ContainerdClient client,
    AgentLease lease,
    LayerPrefetcher prefetcher,
    RegistryClient registry,
    NodeState node,
    AgentMetrics metrics,
    IOptions<AgentOptions> options,
    ILogger<ImageUnpacker> logger)
{
    /// <summary>On a snapshot, the chain ID it is (or is to be) committed as; containerd's unpacker sets it too.</summary>
    public const string SnapshotRefLabel = "containerd.io/snapshot.ref";

    /// <summary>On a layer blob, its diff ID (the digest uncompressed), set once an unpack has checked it; containerd's too.</summary>
    public const string UncompressedLabel = "containerd.io/uncompressed";

    /// <summary>On a layer blob the agent unpacked ahead, followed by the snapshotter's name: the chain ID it was committed as.</summary>
    public const string UnpackedLabelPrefix = "layercache.io/unpacked.";

    /// <summary>An image config larger than this is refused: configs are kilobytes.</summary>
    private const long MaxConfigBytes = 4 * 1024 * 1024;

    private readonly string _snapshotter = options.Value.Snapshotter;

    /// <summary>Fetches what the node lacks of <paramref name="reference"/> and unpacks its layers; see the class.</summary>
    /// <exception cref="RegistryException">The registry refused or sent something that did not verify.</exception>
    /// <exception cref="UnpackException">The config is unusable, or containerd could not apply or commit a layer.</exception>
    public async Task<UnpackReport> UnpackAsync(string reference, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var resolved = await registry.ResolveAsync(reference, Platform.Current, cancellationToken).ConfigureAwait(false);
            var config = await ReadConfigAsync(resolved, cancellationToken).ConfigureAwait(false);
            var diffIds = DiffIds(resolved, config);
            var fetched = await prefetcher.PrefetchLayersAsync(resolved.Reference, resolved.Image.DistinctLayers, cancellationToken).ConfigureAwait(false);
            var transfer = Stopwatch.GetElapsedTime(started);

            var chains = ChainIds.Of(diffIds);
            var unpacked = new List<Layer>();
            var unpackStarted = Stopwatch.GetTimestamp();
            for (var i = 0; i < chains.Count; i++)
            {
                var layer = resolved.Image.Layers[i];
                var parent = i == 0 ? string.Empty : chains[i - 1].Value;
                if (await client.StatSnapshotAsync(_snapshotter, chains[i].Value, cancellationToken).ConfigureAwait(false) is not null
                    || !await UnpackLayerAsync(layer, diffIds[i], parent, chains[i], cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                unpacked.Add(layer);
            }

            var unpack = Stopwatch.GetElapsedTime(unpackStarted);
            metrics.UnpackedLayers.Inc(unpacked.Count);
            metrics.PrefetchSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds, "unpack");
            LogUnpacked(logger, reference, unpacked.Count, chains.Count, fetched.FetchedBytes, transfer.TotalMilliseconds, unpack.TotalMilliseconds);
            return new UnpackReport(reference, resolved.ManifestDigest, chains[^1], fetched.FetchedBytes, unpacked, transfer, unpack);
        }
        catch (Exception e) when (e is RegistryException or UnpackException or ContentCommitException or RpcException && !cancellationToken.IsCancellationRequested)
        {
            metrics.PrefetchFailures.Inc(1, "unpack");
            if (e is RpcException)
            {
                metrics.ContainerdErrors.Inc(1, "unpack");
            }

            throw;
        }
    }

    /// <summary>
    /// Prepares, applies and commits one layer. False when another unpack (a pull, or one of ours) committed the same
    /// chain meanwhile, which leaves it as that one made it.
    /// </summary>
    private async Task<bool> UnpackLayerAsync(Layer layer, Digest diffId, string parent, Digest chain, CancellationToken cancellationToken)
    {
        var key = ExtractKey(chain);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [SnapshotRefLabel] = chain.Value };
        await lease.HoldAsync([LeaseResource.Snapshot(_snapshotter, key), LeaseResource.Snapshot(_snapshotter, chain.Value)], cancellationToken)
            .ConfigureAwait(false);
        var committed = false;
        try
        {
            IReadOnlyList<SnapshotMount> mounts;
            try
            {
                mounts = await client.PrepareSnapshotAsync(_snapshotter, key, parent, labels, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
                return false;
            }

            var applying = Stopwatch.GetTimestamp();
            var applied = await client.ApplyLayerAsync(new ContentDescriptor(layer.MediaType, layer.Digest, layer.SizeBytes), mounts, cancellationToken)
                .ConfigureAwait(false);
            var applyTime = Stopwatch.GetElapsedTime(applying);
            if (applied != diffId)
            {
                throw new UnpackException($"layer {layer.Digest} unpacks to {applied}, but the image config says its diff ID is {diffId}; nothing was committed");
            }

            try
            {
                await client.CommitSnapshotAsync(_snapshotter, chain.Value, key, labels, cancellationToken).ConfigureAwait(false);
                committed = true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
                return false;
            }

            node.UnpackRate.Record(layer.SizeBytes, applyTime);
            metrics.UnpackBytesPerSecond.Set(node.UnpackRate.BytesPerSecond);
            await client.SetContentLabelAsync(layer.Digest, UncompressedLabel, diffId.Value, cancellationToken).ConfigureAwait(false);
            await client.SetContentLabelAsync(layer.Digest, UnpackedLabelPrefix + _snapshotter, chain.Value, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            if (!committed)
            {
                await RemoveQuietlyAsync(key).ConfigureAwait(false);
            }

            // The active key is gone either way; the committed name stays held (or was never made, which holds nothing).
            await lease.ReleaseAsync(new HashSet<LeaseResource> { LeaseResource.Snapshot(_snapshotter, key) }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The image config's bytes, from the content store when a pull left it there, else from the registry (verified by
    /// digest as they arrive). Kept in memory only: an image's documents are the pull's to store, and with them the
    /// labels that let garbage collection follow the image to its snapshots.
    /// </summary>
    private async Task<byte[]> ReadConfigAsync(ResolvedImage resolved, CancellationToken cancellationToken)
    {
        var config = resolved.Config;
        if (config.SizeBytes > MaxConfigBytes)
        {
            throw new UnpackException($"the image config {config.Digest} is {config.SizeBytes} bytes, above the {MaxConfigBytes} this agent reads");
        }

        if (await client.ContentInfoAsync(config.Digest, cancellationToken).ConfigureAwait(false) is not null)
        {
            return await client.ReadAllContentAsync(config.Digest, cancellationToken).ConfigureAwait(false);
        }

        using var buffer = new MemoryStream();
        await registry.FetchBlobAsync(resolved.Reference, config.Digest, config.SizeBytes, buffer, 0, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static IReadOnlyList<Digest> DiffIds(ResolvedImage resolved, byte[] config)
    {
        IReadOnlyList<Digest> diffIds;
        try
        {
            diffIds = ImageDocumentParser.ParseDiffIds(config);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw new UnpackException($"the image config {resolved.Config.Digest} of {resolved.Reference} is unusable: {e.Message}", e);
        }

        if (diffIds.Count != resolved.Image.Layers.Count || diffIds.Count == 0)
        {
            throw new UnpackException(
                $"the image config {resolved.Config.Digest} lists {diffIds.Count} diff IDs for the manifest's {resolved.Image.Layers.Count} layers");
        }

        return diffIds;
    }

    /// <summary>A key of the form containerd's unpacker uses ("extract-UNIQUE CHAINID"), unique to this unpack.</summary>
    private static string ExtractKey(Digest chain) =>
        string.Create(CultureInfo.InvariantCulture, $"extract-{Stopwatch.GetTimestamp()}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()} {chain.Value}");

    private async Task RemoveQuietlyAsync(string key)
    {
        try
        {
            await client.RemoveSnapshotAsync(_snapshotter, key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            LogRemoveFailed(logger, key, e.Status.Detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unpacked {Image} ahead: {Unpacked} of {Layers} layers unpacked (the rest were), {Fetched} bytes fetched in {TransferMs:F0} ms, unpack {UnpackMs:F0} ms")]
    private static partial void LogUnpacked(ILogger logger, string image, int unpacked, int layers, long fetched, double transferMs, double unpackMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the unfinished snapshot {Key} (garbage collection takes it once the agent's lease lets go): {Reason}")]
    private static partial void LogRemoveFailed(ILogger logger, string key, string reason);
}
