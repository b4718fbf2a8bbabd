using System.Text.Json;
using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>
/// Reads OCI and Docker v2 index and manifest JSON: pure functions, no I/O.
/// Invalid documents throw <see cref="JsonException"/> or <see cref="FormatException"/>.
/// </summary>
public static class ImageDocumentParser
{
    /// <summary>The media type a document declares, or null (OCI makes the field optional).</summary>
    public static string? DeclaredMediaType(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        return document.RootElement.TryGetProperty("mediaType", out var mediaType) ? mediaType.GetString() : null;
    }

    /// <summary>The first manifest an index lists for the platform, preferring an exact variant match; null if none.</summary>
    public static ContentDescriptor? SelectManifest(ReadOnlySpan<byte> indexJson, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        using var document = JsonDocument.Parse(indexJson.ToArray());
        ContentDescriptor? loose = null;
        foreach (var entry in RequiredArray(document.RootElement, "manifests"))
        {
            if (!entry.TryGetProperty("platform", out var p))
            {
                continue;
            }

            var os = OptionalString(p, "os") ?? string.Empty;
            var architecture = OptionalString(p, "architecture") ?? string.Empty;
            var variant = OptionalString(p, "variant");
            if (!platform.Matches(os, architecture, variant))
            {
                continue;
            }

            var descriptor = ReadDescriptor(entry);
            if (string.Equals(variant ?? string.Empty, platform.Variant ?? string.Empty, StringComparison.Ordinal))
            {
                return descriptor;
            }

            loose ??= descriptor;
        }

        return loose;
    }

    /// <summary>The config and layers of a single-platform manifest.</summary>
    public static ImageManifest ParseManifest(ReadOnlySpan<byte> manifestJson)
    {
        using var document = JsonDocument.Parse(manifestJson.ToArray());
        var root = document.RootElement;
        if (!root.TryGetProperty("config", out var config))
        {
            throw new FormatException("The manifest has no config descriptor.");
        }

        return new ImageManifest(ReadDescriptor(config), OciManifest.ReadLayers(root));
    }

    /// <summary>The diff IDs an image config lists (<c>rootfs.diff_ids</c>): the digests of its layers uncompressed, base first.</summary>
    public static IReadOnlyList<Digest> ParseDiffIds(ReadOnlySpan<byte> configJson)
    {
        using var document = JsonDocument.Parse(configJson.ToArray());
        if (!document.RootElement.TryGetProperty("rootfs", out var rootfs) || rootfs.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The image config has no 'rootfs' object.");
        }

        return [.. RequiredArray(rootfs, "diff_ids").Select(d => Digest.Parse(d.ValueKind == JsonValueKind.String ? d.GetString()! : throw new FormatException("A diff ID is not a string.")))];
    }

    private static ContentDescriptor ReadDescriptor(JsonElement element)
    {
        var mediaType = OptionalString(element, "mediaType") ?? string.Empty;
        var digest = Digest.Parse(OptionalString(element, "digest") ?? throw new FormatException("A descriptor has no digest."));
        var size = element.TryGetProperty("size", out var s) ? s.GetInt64() : throw new FormatException($"The descriptor of {digest} has no size.");
        return new ContentDescriptor(mediaType, digest, size);
    }

    private static JsonElement.ArrayEnumerator RequiredArray(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : throw new FormatException($"The document has no '{name}' array.");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
