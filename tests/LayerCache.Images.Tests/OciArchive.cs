using System.Formats.Tar;
using System.Text.Json;

namespace LayerCache.Images.Tests;

/// <summary>What an OCI archive (<c>buildah push ... oci-archive:</c>) says about its one image: its name and its config.</summary>
internal sealed record OciArchive(string RefName, JsonElement Config)
{
    // Index, manifest and config are a few kB; larger entries are layers, skipped unread.
    private const long LargestDocument = 1 << 20;

    public static async Task<OciArchive> ReadAsync(string path)
    {
        var documents = new Dictionary<string, JsonElement>();
        await using (var tar = new TarReader(File.OpenRead(path)))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                if (entry.DataStream is not { } data || entry.Length >= LargestDocument)
                {
                    continue;
                }

                try
                {
                    using var json = await JsonDocument.ParseAsync(data);
                    documents[entry.Name.TrimStart('.', '/')] = json.RootElement.Clone();
                }
                catch (JsonException)
                {
                    // A small layer (gzip), not a document.
                }
            }
        }

        var descriptor = documents["index.json"].GetProperty("manifests")[0];
        var manifest = documents[Blob(descriptor)];
        return new OciArchive(
            descriptor.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString()!,
            documents[Blob(manifest.GetProperty("config"))]);
    }

    public string Architecture => Config.GetProperty("architecture").GetString()!;

    public string User => Config.GetProperty("config").GetProperty("User").GetString()!;

    public IReadOnlyList<string> Environment => [.. Config.GetProperty("config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()!)];

    public string Label(string name) => Config.GetProperty("config").GetProperty("Labels").GetProperty(name).GetString()!;

    private static string Blob(JsonElement descriptor) => "blobs/" + descriptor.GetProperty("digest").GetString()!.Replace(':', '/');
}
