using System.Buffers;
using System.Text.Json;
using LayerCache.Core.Model;
using LayerCache.Registry;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// The image config and OCI manifest of a forged image (https://github.com/opencontainers/image-spec/blob/main/config.md,
/// manifest.md), written field by field: no reflection, and the same bytes, hence digests, for the same image.
/// </summary>
internal static class OciDocuments
{
    // RFC 3339 with a Z: containerd 1.6 parses the raw bytes of the time string, and a "+" would be escaped.
    private const string Created = "2020-01-01T00:00:00Z";

    public static byte[] Config(Platform platform, IReadOnlyList<Digest> diffIds)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (diffIds.Count * 80));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("created", Created);
            json.WriteString("architecture", platform.Architecture);
            json.WriteString("os", platform.Os);
            if (platform.Variant is not null)
            {
                json.WriteString("variant", platform.Variant);
            }

            json.WriteStartObject("config");
            json.WriteStartArray("Cmd");
            json.WriteStringValue(StartProgram.PathInImage);
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartObject("rootfs");
            json.WriteString("type", "layers");
            json.WriteStartArray("diff_ids");
            foreach (var diffId in diffIds)
            {
                json.WriteStringValue(diffId.Value);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Manifest(Descriptor config, IReadOnlyList<Layer> layers) =>
        OciManifest.Write(config.Digest, config.SizeBytes, layers, config.MediaType);
}
