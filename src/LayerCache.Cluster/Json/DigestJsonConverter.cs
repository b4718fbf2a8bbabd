using System.Text.Json;
using System.Text.Json.Serialization;
using LayerCache.Core.Model;

namespace LayerCache.Cluster.Json;

/// <summary>A <see cref="Digest"/> as its string form, <c>"sha256:..."</c>; anything else is a JSON error.</summary>
public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadDigest(ref reader);

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);

    internal static Digest ReadDigest(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A digest is a JSON string, not {reader.TokenType}.");
        }

        return Digest.TryParse(reader.GetString(), out var digest, out var error) ? digest : throw new JsonException(error);
    }
}
