using LayerCache.Simulator.Corpus;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Corpus;

public sealed class CorpusReaderTests
{
    private const string Source = "test.jsonl";

    private static readonly string GoodLine = Line("example.test/a:1", 10, (1, 100), (2, 200));

    [Fact]
    public void ReadFile_ShippedCorpus_Has137ImagesWithNginxFirst()
    {
        var corpus = CorpusReader.ReadFile(RepositoryPaths.ShippedCorpus);

        Assert.Equal(137, corpus.Count);
        Assert.Equal("docker.io/library/nginx:latest", corpus[0].Image.Reference);
        Assert.Equal(886_981_379, corpus[0].Pulls);
        Assert.Equal(4, corpus[0].Image.Layers.Count);
    }

    [Fact]
    public void ReadFile_ShippedCorpus_SharedDigestIsOneLayerObject()
    {
        var corpus = CorpusReader.ReadFile(RepositoryPaths.ShippedCorpus);

        var byDigest = corpus.SelectMany(c => c.Image.Layers).GroupBy(l => l.Digest).Where(g => g.Count() > 1).ToList();

        Assert.NotEmpty(byDigest);
        Assert.All(byDigest, g => Assert.All(g, layer => Assert.Same(g.First(), layer)));
    }

    [Fact]
    public void Read_SameDigestInTwoImages_ReturnsTheSameLayerObject()
    {
        var text = GoodLine + "\n" + Line("example.test/b:1", 5, (2, 200), (3, 300));

        var corpus = CorpusReader.Read(new StringReader(text), Source);

        Assert.Same(corpus[0].Image.Layers[1], corpus[1].Image.Layers[0]);
        Assert.NotSame(corpus[0].Image.Layers[0], corpus[1].Image.Layers[1]);
    }

    [Fact]
    public void Read_BlankLines_AreSkippedButCountedForLineNumbers()
    {
        var text = "\n" + GoodLine + "\n   \n\n{broken";

        var error = Assert.Throws<CorpusFormatException>(() => CorpusReader.Read(new StringReader(text), Source));

        Assert.StartsWith($"{Source}:5:", error.Message);
    }

    [Fact]
    public void Read_BlankLinesAroundImages_ReadsOnlyTheImages()
    {
        var text = "\n" + GoodLine + "\n\n" + Line("example.test/b:1", 5, (3, 300)) + "\n\n";

        var corpus = CorpusReader.Read(new StringReader(text), Source);

        Assert.Equal(["example.test/a:1", "example.test/b:1"], corpus.Select(c => c.Image.Reference));
    }

    [Theory]
    [InlineData("{\"image\": \"x\", ", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"pulls\": 1, \"layers\": [{\"digest\": \"@D1\", \"size\": 1}]}", "'image' must be a non-empty string")]
    [InlineData("{\"image\": \"\", \"pulls\": 1, \"layers\": [{\"digest\": \"@D1\", \"size\": 1}]}", "'image' must be a non-empty string")]
    [InlineData("{\"image\": \"x\", \"pulls\": -1, \"layers\": [{\"digest\": \"@D1\", \"size\": 1}]}", "'pulls' must be a whole number >= 0")]
    [InlineData("{\"image\": \"x\", \"pulls\": 1.5, \"layers\": [{\"digest\": \"@D1\", \"size\": 1}]}", "'pulls' must be a whole number >= 0")]
    [InlineData("{\"image\": \"x\", \"pulls\": \"7\", \"layers\": [{\"digest\": \"@D1\", \"size\": 1}]}", "'pulls' must be a whole number >= 0")]
    [InlineData("{\"image\": \"x\", \"pulls\": 1, \"layers\": {\"digest\": \"@D1\"}}", "'layers' must be an array")]
    [InlineData("{\"image\": \"x\", \"pulls\": 1}", "'layers' must be an array")]
    [InlineData("{\"image\": \"x\", \"pulls\": 1, \"layers\": []}", "image 'x' has no layers")]
    [InlineData("{\"image\": \"x\", \"pulls\": 1, \"layers\": [{\"digest\": \"@D1\", \"size\": -5}]}", "'size' must be a whole number >= 0")]
    [InlineData("{\"image\": \"x\", \"pulls\": 1, \"layers\": [{\"digest\": \"sha256:abc\", \"size\": 1}]}", "'sha256:abc' is not a digest")]
    [InlineData("{\"image\": \"x\", \"pulls\": 1, \"layers\": [{\"digest\": \"@UPPER\", \"size\": 1}]}", "is not a lower-case hex digit")]
    [InlineData("{\"image\": \"x\", \"pulls\": 1, \"layers\": [3]}", "each layer must be an object")]
    public void Read_BadSecondLine_ThrowsNamingLineAndReason(string badLine, string reason)
    {
        badLine = badLine
            .Replace("@D1", TestLayers.DigestText(1), StringComparison.Ordinal)
            .Replace("@UPPER", "sha256:" + new string('A', 64), StringComparison.Ordinal);
        var text = GoodLine + "\n" + badLine;

        var error = Assert.Throws<CorpusFormatException>(() => CorpusReader.Read(new StringReader(text), Source));

        Assert.StartsWith($"{Source}:2:", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Read_SameDigestWithTwoSizes_ThrowsNamingBothSizes()
    {
        var text = GoodLine + "\n\n" + Line("example.test/b:1", 5, (2, 999));

        var error = Assert.Throws<CorpusFormatException>(() => CorpusReader.Read(new StringReader(text), Source));

        Assert.StartsWith($"{Source}:3:", error.Message);
        Assert.Contains("has size 999 here but 200 on an earlier line", error.Message);
    }

    [Fact]
    public void Read_DuplicateImage_ThrowsNamingTheSecondLine()
    {
        var text = GoodLine + "\n" + Line("example.test/b:1", 5, (3, 300)) + "\n" + GoodLine;

        var error = Assert.Throws<CorpusFormatException>(() => CorpusReader.Read(new StringReader(text), Source));

        Assert.StartsWith($"{Source}:3:", error.Message);
        Assert.Contains("'example.test/a:1' appears twice", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n\n")]
    public void Read_NoImages_ThrowsEmptyCorpus(string text)
    {
        var error = Assert.Throws<CorpusFormatException>(() => CorpusReader.Read(new StringReader(text), Source));

        Assert.Equal($"{Source}: the corpus holds no image", error.Message);
    }

    [Fact]
    public void ReadFile_EmptyFile_ThrowsEmptyCorpus()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("empty.jsonl");
        File.WriteAllText(path, string.Empty);

        var error = Assert.Throws<CorpusFormatException>(() => CorpusReader.ReadFile(path));

        Assert.Contains("holds no image", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void ReadFile_MissingFile_ThrowsNamingThePath()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("absent.jsonl");

        var error = Assert.Throws<CorpusFormatException>(() => CorpusReader.ReadFile(path));

        Assert.Equal($"{path}: no such corpus file", error.Message);
    }

    private static string Line(string image, long pulls, params (int Id, long Size)[] layers) =>
        $"{{\"image\": \"{image}\", \"pulls\": {pulls}, \"layers\": [" +
        string.Join(", ", layers.Select(l => $"{{\"digest\": \"{TestLayers.DigestText(l.Id)}\", \"size\": {l.Size}}}")) +
        "]}";
}
