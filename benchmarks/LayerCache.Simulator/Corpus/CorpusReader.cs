using System.Text.Json;
using LayerCache.Core.Model;

namespace LayerCache.Simulator.Corpus;

/// <summary>
/// Reads a corpus: one JSON object a line, <c>{"image": REF, "pulls": N, "layers": [{"digest": D, "size": BYTES}]}</c>.
/// Layers with the same digest are one <see cref="Layer"/> object across images, as they are one blob in a registry.
/// </summary>
public static class CorpusReader
{
    public static IReadOnlyList<CorpusImage> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new CorpusFormatException($"{path}: no such corpus file");
        }

        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    public static IReadOnlyList<CorpusImage> Read(TextReader reader, string source)
    {
        var layers = new Dictionary<Digest, Layer>();
        var references = new HashSet<string>(StringComparer.Ordinal);
        var images = new List<CorpusImage>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var image = ParseLine(line, layers, $"{source}:{lineNumber}");
            if (!references.Add(image.Image.Reference))
            {
                throw new CorpusFormatException($"{source}:{lineNumber}: image '{image.Image.Reference}' appears twice");
            }

            images.Add(image);
        }

        if (images.Count == 0)
        {
            throw new CorpusFormatException($"{source}: the corpus holds no image");
        }

        return images;
    }

    private static CorpusImage ParseLine(string line, Dictionary<Digest, Layer> layers, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new CorpusFormatException($"{where}: not valid JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CorpusFormatException($"{where}: expected a JSON object");
            }

            var reference = RequireString(root, "image", where);
            var pulls = RequireInt64(root, "pulls", where);
            if (!root.TryGetProperty("layers", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                throw new CorpusFormatException($"{where}: 'layers' must be an array");
            }

            var imageLayers = new List<Layer>(array.GetArrayLength());
            foreach (var element in array.EnumerateArray())
            {
                imageLayers.Add(ParseLayer(element, layers, where));
            }

            if (imageLayers.Count == 0)
            {
                throw new CorpusFormatException($"{where}: image '{reference}' has no layers");
            }

            return new CorpusImage(new ContainerImage(reference, imageLayers), pulls);
        }
    }

    private static Layer ParseLayer(JsonElement element, Dictionary<Digest, Layer> layers, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CorpusFormatException($"{where}: each layer must be an object with 'digest' and 'size'");
        }

        var text = RequireString(element, "digest", where);
        if (!Digest.TryParse(text, out var digest, out var error))
        {
            throw new CorpusFormatException($"{where}: {error}");
        }

        var size = RequireInt64(element, "size", where);
        if (layers.TryGetValue(digest, out var known))
        {
            if (known.SizeBytes != size)
            {
                throw new CorpusFormatException(
                    $"{where}: layer {digest.ToShortString()} has size {size} here but {known.SizeBytes} on an earlier line");
            }

            return known;
        }

        var layer = new Layer(digest, size);
        layers.Add(digest, layer);
        return layer;
    }

    private static string RequireString(JsonElement element, string name, string where) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new CorpusFormatException($"{where}: '{name}' must be a non-empty string");

    private static long RequireInt64(JsonElement element, string name, string where) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0
            ? number
            : throw new CorpusFormatException($"{where}: '{name}' must be a whole number >= 0");
}
