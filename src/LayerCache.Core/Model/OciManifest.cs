using System.Buffers;
using System.Text.Json;

namespace LayerCache.Core.Model;

/// <summary>
/// A single-platform image manifest (OCI or Docker v2): the layers it lists, base first (each descriptor's digest,
/// size and media type), and an OCI manifest written for a config and layers. Pure functions; reading a document that
/// is not such a manifest throws <see cref="JsonException"/> or <see cref="FormatException"/>.
/// </summary>
public static class OciManifest
{
    public const string MediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";

    public static IReadOnlyList<Layer> ReadLayers(ReadOnlySpan<byte> manifestJson)
    {
        using var document = JsonDocument.Parse(manifestJson.ToArray());
        return ReadLayers(document.RootElement);
    }

    public static IReadOnlyList<Layer> ReadLayers(JsonElement manifest)
    {
        if (manifest.ValueKind != JsonValueKind.Object
            || !manifest.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("The document has no 'layers' array.");
        }

        var result = new List<Layer>(layers.GetArrayLength());
        foreach (var descriptor in layers.EnumerateArray())
        {
            result.Add(ReadLayer(descriptor));
        }

        return result;
    }

    private static Layer ReadLayer(JsonElement descriptor)
    {
        if (descriptor.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A layer descriptor is not a JSON object.");
        }

        var digest = Digest.Parse(String(descriptor, "digest") ?? throw new FormatException("A layer descriptor has no digest."));
        if (!descriptor.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var bytes) || bytes < 0)
        {
            throw new FormatException($"The descriptor of layer {digest} has no size of 0 or more bytes.");
        }

        return new Layer(digest, bytes, String(descriptor, "mediaType") ?? string.Empty);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The OCI manifest of a config blob and layers, written field by field: the same bytes, hence digest, for the same input.</summary>
    public static byte[] Write(Digest config, long configSizeBytes, IReadOnlyList<Layer> layers, string configMediaType = ConfigMediaType)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var buffer = new ArrayBufferWriter<byte>(256 + (layers.Count * 160));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", MediaType);
            json.WritePropertyName("config");
            WriteDescriptor(json, configMediaType, config, configSizeBytes);
            json.WriteStartArray("layers");
            foreach (var layer in layers)
            {
                WriteDescriptor(json, layer.MediaType, layer.Digest, layer.SizeBytes);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteDescriptor(Utf8JsonWriter json, string mediaType, Digest digest, long sizeBytes)
    {
        json.WriteStartObject();
        json.WriteString("mediaType", mediaType);
        json.WriteString("digest", digest.Value);
        json.WriteNumber("size", sizeBytes);
        json.WriteEndObject();
    }
}
