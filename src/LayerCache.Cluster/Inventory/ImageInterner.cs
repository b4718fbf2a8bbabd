using LayerCache.Cluster.Json;
using LayerCache.Core.Model;
using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// Parses each distinct image payload once. Most images sit on many nodes, and every node's snapshot stores the image
/// whole, so a reader of all snapshots would otherwise parse and keep the same image once per node. Payloads are
/// compared byte for byte (as text), so two nodes share an instance only when they store exactly the same image; an
/// image stored by manifest digest is shared by reference and digest.
/// </summary>
internal sealed class ImageInterner
{
    private readonly BoundedCache<string, ContainerImage> _images = new(StringComparer.Ordinal);
    private readonly BoundedCache<(string Reference, Digest Manifest), ContainerImage> _byManifest = new();
    private readonly BoundedCache<FieldBytes, ContainerImage> _fields = new(FieldBytes.Comparer);

    /// <summary>The image of that reference and manifest, one instance for every node that holds it.</summary>
    public ContainerImage ByManifest(string reference, Digest manifest, IReadOnlyList<Layer> layers) =>
        _byManifest.GetOrAdd((reference, manifest), key => new ContainerImage(key.Reference, layers, key.Manifest));

    public ContainerImage Read(RedisValue payload) =>
        _images.GetOrAdd((string)payload!, _ => Payload.Read(payload, ClusterJson.Default.ContainerImage));

    /// <summary>
    /// The image a node's hash field of exactly these bytes (name and value) was resolved to before. A full read meets
    /// each image's field on every node that holds it, some 190,000 fields of about 2,000 images at 5,000 nodes: a
    /// field seen once is not parsed, checked and resolved again.
    /// </summary>
    public bool TryField(HashEntry field, out ContainerImage image) =>
        _fields.TryGet(new FieldBytes(field.Name, field.Value), out image);

    /// <summary>
    /// Keeps what the field resolved to, for <see cref="TryField"/>; only an image whose field parsed and resolved, and
    /// not a field longer than <see cref="MaxFieldBytes"/> (an image's is some 150 bytes): what a node writes cannot make
    /// the reader keep much.
    /// </summary>
    public void RememberField(HashEntry field, ContainerImage image)
    {
        ReadOnlyMemory<byte> name = field.Name;
        ReadOnlyMemory<byte> value = field.Value;
        if (name.Length + value.Length <= MaxFieldBytes)
        {
            _fields.GetOrAdd(FieldBytes.Copy(name, value), _ => image);
        }
    }

    /// <summary>The longest field (name and value) <see cref="RememberField"/> keeps.</summary>
    internal const int MaxFieldBytes = 2048;

    /// <summary>A hash field's name and value as bytes, compared by content.</summary>
    private readonly record struct FieldBytes(ReadOnlyMemory<byte> Name, ReadOnlyMemory<byte> Value)
    {
        public static readonly IEqualityComparer<FieldBytes> Comparer = new ContentComparer();

        /// <summary>A key of its own bytes, to keep: the reader's buffers are reused.</summary>
        public static FieldBytes Copy(ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> value) => new(name.ToArray(), value.ToArray());

        private sealed class ContentComparer : IEqualityComparer<FieldBytes>
        {
            public bool Equals(FieldBytes x, FieldBytes y) => x.Name.Span.SequenceEqual(y.Name.Span) && x.Value.Span.SequenceEqual(y.Value.Span);

            public int GetHashCode(FieldBytes field)
            {
                var hash = default(HashCode);
                hash.AddBytes(field.Name.Span);
                hash.AddBytes(field.Value.Span);
                return hash.ToHashCode();
            }
        }
    }
}
