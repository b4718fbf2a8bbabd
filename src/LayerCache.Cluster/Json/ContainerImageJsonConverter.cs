using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LayerCache.Core.Model;

namespace LayerCache.Cluster.Json;

/// <summary>
/// A <see cref="ContainerImage"/> as <c>{"reference", "manifestDigest", "layers"}</c>: what its constructor takes,
/// not the sizes and distinct layers it derives from them.
/// </summary>
public sealed class ContainerImageJsonConverter : JsonConverter<ContainerImage>
{
    private const string ReferenceName = "reference";
    private const string ManifestDigestName = "manifestDigest";
    private const string LayersName = "layers";

    public override ContainerImage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"An image is a JSON object, not {reader.TokenType}.");
        }

        string? reference = null;
        Digest? manifestDigest = null;
        IReadOnlyList<Layer>? layers = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case ReferenceName:
                    reference = reader.GetString();
                    break;
                case ManifestDigestName when reader.TokenType != JsonTokenType.Null:
                    manifestDigest = DigestJsonConverter.ReadDigest(ref reader);
                    break;
                case LayersName:
                    layers = JsonSerializer.Deserialize(ref reader, LayersInfo(options));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new JsonException("An image needs a reference.");
        }

        if (layers is not null && layers.Any(l => l is null))
        {
            throw new JsonException($"Image {reference} has a null layer.");
        }

        return new ContainerImage(reference, layers ?? [], manifestDigest);
    }

    public override void Write(Utf8JsonWriter writer, ContainerImage value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(ReferenceName, value.Reference);
        if (value.ManifestDigest is { } manifest)
        {
            writer.WriteString(ManifestDigestName, manifest.Value);
        }

        writer.WritePropertyName(LayersName);
        JsonSerializer.Serialize(writer, value.Layers, LayersInfo(options));
        writer.WriteEndObject();
    }

    private static JsonTypeInfo<IReadOnlyList<Layer>> LayersInfo(JsonSerializerOptions options) =>
        (JsonTypeInfo<IReadOnlyList<Layer>>)options.GetTypeInfo(typeof(IReadOnlyList<Layer>));
}
