using System.Text;
using LayerCache.Core.Model;

namespace LayerCache.Containerd.Tests.Unit;

public sealed class ImageDocumentParserTests
{
    private static readonly string A = "sha256:" + new string('a', 64);
    private static readonly string B = "sha256:" + new string('b', 64);
    private static readonly string C = "sha256:" + new string('c', 64);

    [Fact]
    public void SelectManifest_PrefersTheExactVariant_OverAnEarlierLooseMatch()
    {
        var index = Index(("arm64", null, A), ("arm64", "v8", B), ("amd64", null, C));

        var selected = ImageDocumentParser.SelectManifest(index, new Platform("linux", "arm64", "v8"));

        Assert.Equal(B, selected?.Digest.Value);
    }

    [Fact]
    public void SelectManifest_WithoutANodeVariant_TakesTheFirstEntryForTheArchitecture()
    {
        var index = Index(("amd64", null, A), ("arm64", "v8", B));

        var selected = ImageDocumentParser.SelectManifest(index, new Platform("linux", "arm64"));

        Assert.Equal(B, selected?.Digest.Value);
    }

    [Fact]
    public void SelectManifest_WhenNoEntryFits_ReturnsNull()
    {
        var index = Index(("s390x", null, A));

        Assert.Null(ImageDocumentParser.SelectManifest(index, new Platform("linux", "amd64")));
    }

    [Fact]
    public void ParseManifest_ReturnsLayersInOrderWithSizesAndMediaTypes()
    {
        var json = $$"""
            {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{A}}","size":7},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"{{B}}","size":10},
                       {"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{C}}","size":20}]}
            """;

        var manifest = ImageDocumentParser.ParseManifest(Encoding.UTF8.GetBytes(json));

        Assert.Equal(Digest.Parse(A), manifest.Config.Digest);
        Assert.Equal([Digest.Parse(B), Digest.Parse(C)], manifest.Layers.Select(l => l.Digest));
        Assert.Equal([10L, 20L], manifest.Layers.Select(l => l.SizeBytes));
        Assert.Equal("application/vnd.oci.image.layer.v1.tar+zstd", manifest.Layers[0].MediaType);
    }

    [Fact]
    public void ParseManifest_WithoutLayers_Throws()
    {
        var json = "{\"config\":{\"digest\":\"" + A + "\",\"size\":1}}";

        Assert.Throws<FormatException>(() => ImageDocumentParser.ParseManifest(Encoding.UTF8.GetBytes(json)));
    }

    private static byte[] Index(params (string Architecture, string? Variant, string Digest)[] entries)
    {
        var manifests = entries.Select(e =>
        {
            var variant = e.Variant is null ? string.Empty : $",\"variant\":\"{e.Variant}\"";
            return $$$"""{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{e.Digest}}}","size":100,"platform":{"os":"linux","architecture":"{{{e.Architecture}}}"{{{variant}}}}}""";
        });
        return Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"manifests":[{{string.Join(",", manifests)}}]}""");
    }
}
