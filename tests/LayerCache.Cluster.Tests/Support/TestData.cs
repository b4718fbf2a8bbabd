using System.Security.Cryptography;
using System.Text;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;

namespace LayerCache.Cluster.Tests.Support;

/// <summary>Digests, layers, images and snapshots for tests, random ones drawn from a seeded <see cref="Random"/>.</summary>
public static class TestData
{
    public static ClusterStoreOptions NewOptions() => new() { KeyPrefix = "t" + Guid.NewGuid().ToString("N")[..12] };

    public static Digest DigestOf(string text) => Digest.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static Layer LayerOf(string name, long size = 1000) => new(DigestOf(name), size);

    public static ContainerImage Image(string reference, params string[] layers) =>
        new(reference, [.. layers.Select(name => LayerOf(name, 1000 + name.Length))], DigestOf("manifest " + reference));

    /// <summary>An image as the agent reads it from containerd: with its manifest's bytes, so it is stored by manifest digest.</summary>
    public static ContainerImage ImageWithManifest(string reference, params string[] layers)
    {
        var image = Image(reference, layers);
        var manifest = OciManifest.Write(DigestOf("config " + reference), 100, image.Layers);
        return new ContainerImage(reference, image.Layers, Digest.Of(manifest)) { Manifest = manifest };
    }

    public static InventorySnapshot Snapshot(IEnumerable<ContainerImage> images, IEnumerable<string>? containers = null, IEnumerable<Layer>? blobs = null) =>
        new([.. images], [.. containers ?? []], [.. blobs ?? []]);

    /// <summary>A snapshot drawn from small pools, so two draws overlap, differ in places, and sometimes match.</summary>
    public static InventorySnapshot RandomSnapshot(Random random)
    {
        var images = new List<ContainerImage>();
        foreach (var reference in Enumerable.Range(0, 12).Where(_ => random.Next(2) == 0).Select(i => $"registry.test/app{i}:v1"))
        {
            // Two variants per reference: the same tag re-pulled with other layers.
            var variant = random.Next(2);
            var layers = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => $"layer{random.Next(20)}").ToArray();
            images.Add(variant == 0 ? Image(reference, layers) : new ContainerImage(reference, [.. layers.Select(l => LayerOf(l))]));
        }

        var containers = Enumerable.Range(0, random.Next(5)).Select(_ => $"registry.test/app{random.Next(12)}:v1");
        var blobs = Enumerable.Range(0, 30).Where(_ => random.Next(4) == 0).Select(i => LayerOf($"blob{i}", i * 100)).ToList();
        return Snapshot(images, containers, blobs) with { UnpackedBlobs = blobs.Where(_ => random.Next(3) == 0).Select(b => b.Digest).ToHashSet() };
    }

    /// <summary>The same images (by reference, manifest and layer digests), blobs and containers, in any order.</summary>
    public static void AssertEquivalent(InventorySnapshot expected, InventorySnapshot actual)
    {
        Assert.Equal(Describe(expected), Describe(actual));
    }

    private static string Describe(InventorySnapshot snapshot)
    {
        var images = snapshot.Images
            .OrderBy(image => image.Reference, StringComparer.Ordinal)
            .Select(image => $"{image.Reference}@{image.ManifestDigest}[{string.Join(",", image.Layers.Select(l => $"{l.Digest.ToShortString()}:{l.SizeBytes}:{l.MediaType}"))}]");
        var blobs = snapshot.LeasedBlobs.Select(blob => $"{blob.Digest.ToShortString()}:{blob.SizeBytes}").Order(StringComparer.Ordinal);
        var containers = snapshot.ContainerImages.Order(StringComparer.Ordinal);
        var unpacked = snapshot.UnpackedBlobs.Select(d => d.ToShortString()).Order(StringComparer.Ordinal);
        return $"images {string.Join(" ", images)}\nblobs {string.Join(" ", blobs)}\ncontainers {string.Join(" ", containers)}\nunpacked {string.Join(" ", unpacked)}";
    }
}
