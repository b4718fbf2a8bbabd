using System.Text.Json;
using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>
/// A parsed manifest or index. Only what resolution needs is read: the media type, an index's platform entries,
/// a manifest's config and layers. Anything else is an <see cref="UnsupportedMediaTypeException"/>.
/// </summary>
internal sealed record ManifestDocument(string MediaType, IReadOnlyList<Descriptor> Manifests, Descriptor? Config, IReadOnlyList<Descriptor> Layers)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    public static ManifestDocument Parse(ReadOnlySpan<byte> bytes, string? contentType, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RegistryException($"The manifest of {where} is not a JSON object.");
            }

            var mediaType = MediaTypeOf(contentType, root);
            if (MediaTypes.IsIndex(mediaType))
            {
                return new ManifestDocument(mediaType, ReadDescriptors(root, "manifests", where, layers: false), null, []);
            }

            if (!MediaTypes.IsManifest(mediaType))
            {
                throw new UnsupportedMediaTypeException(mediaType, $"the manifest of {where}");
            }

            if (!root.TryGetProperty("config", out var config))
            {
                throw new RegistryException($"The manifest of {where} has no config.");
            }

            return new ManifestDocument(mediaType, [], ReadDescriptor(config, where), ReadDescriptors(root, "layers", where, layers: true));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new RegistryException($"The manifest of {where} is malformed: {e.Message}", innerException: e);
        }
    }

    // The Content-Type wins; registries that answer application/json leave the document's own mediaType to decide.
    private static string MediaTypeOf(string? contentType, JsonElement root)
    {
        if (!string.IsNullOrEmpty(contentType) && contentType is not ("application/json" or "text/plain" or "application/octet-stream"))
        {
            return contentType;
        }

        if (root.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } own)
        {
            return own;
        }

        if (root.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.GetInt32() == 1)
        {
            return "application/vnd.docker.distribution.manifest.v1+json";
        }

        return root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;
    }

    private static List<Descriptor> ReadDescriptors(JsonElement root, string property, string where, bool layers)
    {
        var result = new List<Descriptor>();
        if (!root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new RegistryException($"The manifest of {where} has no '{property}' array.");
        }

        foreach (var item in array.EnumerateArray())
        {
            var descriptor = ReadDescriptor(item, where);
            if (layers && !MediaTypes.IsLayer(descriptor.MediaType))
            {
                throw new UnsupportedMediaTypeException(descriptor.MediaType, $"layer {descriptor.Digest.ToShortString()} of {where}");
            }

            result.Add(descriptor);
        }

        return result;
    }

    private static Descriptor ReadDescriptor(JsonElement item, string where)
    {
        var mediaType = item.GetProperty("mediaType").GetString() ?? throw new FormatException("a descriptor has no mediaType");
        var digest = Digest.Parse(item.GetProperty("digest").GetString() ?? string.Empty);
        var size = item.GetProperty("size").GetInt64();
        if (size < 0)
        {
            throw new RegistryException($"A descriptor in the manifest of {where} has a negative size.");
        }

        Platform? platform = null;
        if (item.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            var variant = p.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            platform = new Platform(p.GetProperty("os").GetString() ?? string.Empty, p.GetProperty("architecture").GetString() ?? string.Empty, variant);
        }

        return new Descriptor(mediaType, digest, size, platform);
    }
}
