using System.Collections.Concurrent;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Unpack;
using LayerCache.Containerd;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;

namespace LayerCache.Agent.Inventory;

/// <summary>
/// Reads what containerd holds: images (names that point at the same manifest are one image, as the CRI plugin
/// keeps a tag, a digest reference and the image id for each pull), the layers of each for this node's platform,
/// the image each container uses, and the blobs the agent's leases keep. A leased blob that an image references
/// (through the labels garbage collection follows) counts as the image's, not as prefetched; so does a snapshot the
/// agent unpacked ahead once an image's chain includes it. Manifests are read once per digest.
/// </summary>
public sealed partial class ContainerdInventoryReader(ContainerdClient client, AgentLease lease, UnpackedChains chains, ILogger logger)
{
    private readonly ConcurrentDictionary<Digest, ContainerImage> _resolved = new();

    public async Task<RuntimeInventory> ReadAsync(CancellationToken cancellationToken)
    {
        var records = await client.ListImagesAsync(cancellationToken).ConfigureAwait(false);
        var images = new List<ContainerImage>();
        var names = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        var unresolved = 0;
        foreach (var group in records.GroupBy(r => r.Target.Digest))
        {
            var members = group.Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
            var reference = PreferredName(members);
            var layers = await ResolveAsync(group.First(), cancellationToken).ConfigureAwait(false);
            if (layers is null)
            {
                unresolved++;
                continue;
            }

            images.Add(new ContainerImage(reference, layers.Layers, layers.ManifestDigest) { Manifest = layers.Manifest });
            names[reference] = members;
            foreach (var name in members)
            {
                byName[name] = reference;
            }
        }

        var containers = await client.ListContainersAsync(cancellationToken).ConfigureAwait(false);
        var used = containers.Select(c => byName.GetValueOrDefault(c.Image)).OfType<string>().ToList();
        var held = await lease.ListAsync(cancellationToken).ConfigureAwait(false);
        var digests = held.Select(r => r.ContentDigest).OfType<Digest>().ToHashSet();
        if (digests.Count == 0 && chains.Held(held).Count == 0)
        {
            return new RuntimeInventory(new InventorySnapshot(images, used, []), names, unresolved, [], [], []);
        }

        var content = await client.ListContentAsync(cancellationToken).ConfigureAwait(false);
        var (leased, inImages) = LeasedBlobs(digests, records, content);
        var (unpacked, chainsInImages) = await chains.ReadAsync(held, content, cancellationToken).ConfigureAwait(false);
        var snapshot = new InventorySnapshot(images, used, leased)
        {
            UnpackedBlobs = unpacked.Select(c => c.Layer).OfType<Digest>().ToHashSet(),
        };
        return new RuntimeInventory(snapshot, names, unresolved, inImages, unpacked, chainsInImages);
    }

    /// <summary>A tag reads best in logs and metrics; then a digest reference; the bare image id last.</summary>
    internal static string PreferredName(IReadOnlyList<string> names) =>
        names.FirstOrDefault(n => !n.StartsWith("sha256:", StringComparison.Ordinal) && !n.Contains('@', StringComparison.Ordinal))
        ?? names.FirstOrDefault(n => !n.StartsWith("sha256:", StringComparison.Ordinal))
        ?? names[0];

    private async Task<ContainerImage?> ResolveAsync(ContainerdImage record, CancellationToken cancellationToken)
    {
        if (_resolved.TryGetValue(record.Target.Digest, out var known))
        {
            return known;
        }

        try
        {
            var image = await client.ResolveImageLayersAsync(record, cancellationToken).ConfigureAwait(false);
            _resolved[record.Target.Digest] = image;
            return image;
        }
        catch (ImageResolutionException e)
        {
            // Garbage collection may have taken a blob of an image being deleted; the next resync settles it.
            LogUnresolved(logger, record.Name, e.Message);
            return null;
        }
    }

    /// <summary>The leased blobs in the content store that no image references, and those an image does.</summary>
    private static (IReadOnlyList<Layer> Alone, IReadOnlyList<Digest> InImages) LeasedBlobs(
        IReadOnlySet<Digest> digests, IReadOnlyList<ContainerdImage> records, IReadOnlyList<ContentInfo> content)
    {
        var sizes = content.ToDictionary(c => c.Digest, c => c.SizeBytes);
        var referenced = ImageReferencedContent.Of(records, content);
        var present = digests.Where(sizes.ContainsKey).ToList();
        return ([.. present.Where(d => !referenced.Contains(d)).Select(d => new Layer(d, sizes[d]))], [.. present.Where(referenced.Contains)]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the layers of image {Image}: {Reason}")]
    private static partial void LogUnresolved(ILogger logger, string image, string reason);
}
