namespace LayerCache.Registry.Tests;

public sealed class TomlReaderTests
{
    [Fact]
    public void Parse_HostsTomlFromContainerdDocs_KeepsHostsInFileOrderWithTheirValues()
    {
        var root = TomlReader.Parse(HostsExamples.Mirrors);

        var hosts = Assert.IsType<TomlTable>(root["host"]);
        Assert.Equal(
            ["https://mirror.registry", "https://mirror-bak.registry/us", "http://mirror.registry", "https://test-1.registry", "https://test-2.registry", "https://test-3.registry", "https://non-compliant-mirror.registry/v2/upstream"],
            hosts.Keys);
        var first = Assert.IsType<TomlTable>(hosts["https://mirror.registry"]);
        Assert.Equal(["pull"], Assert.IsType<List<object>>(first["capabilities"]));
        Assert.Equal("/etc/certs/mirror.pem", first["ca"]);
        Assert.Equal(false, first["skip_verify"]);
        var header = Assert.IsType<TomlTable>(first["header"]);
        Assert.Equal(["value1", "value2"], Assert.IsType<List<object>>(header["x-custom-2"]));
        var client = Assert.IsType<List<object>>(Assert.IsType<TomlTable>(hosts["https://test-1.registry"])["client"]);
        Assert.Equal(["/etc/certs/client.pem", ""], Assert.IsType<List<object>>(client[1]));
        Assert.Equal(true, Assert.IsType<TomlTable>(hosts["https://non-compliant-mirror.registry/v2/upstream"])["override_path"]);
    }

    [Fact]
    public void Parse_CommentsEscapesLiteralStringsIntegersAndInlineTables()
    {
        var root = TomlReader.Parse("""
            # a comment line
            server = "https://r.example\u0041/\"q\"" # trailing comment
            path = 'C:\no\escapes'
            dial = -1_000
            empty = []
            multi = [
              "a", # first
              "b",
            ]
            inline = { a = 1, b.c = "d" }
            """);

        Assert.Equal("https://r.exampleA/\"q\"", root["server"]);
        Assert.Equal(@"C:\no\escapes", root["path"]);
        Assert.Equal(-1000L, root["dial"]);
        Assert.Empty(Assert.IsType<List<object>>(root["empty"]));
        Assert.Equal(["a", "b"], Assert.IsType<List<object>>(root["multi"]));
        var inline = Assert.IsType<TomlTable>(root["inline"]);
        Assert.Equal(1L, inline["a"]);
        Assert.Equal("d", Assert.IsType<TomlTable>(inline["b"])["c"]);
    }

    [Theory]
    [InlineData("server = https://r.example", "line 1: expected a value")]
    [InlineData("server = \"https://r.example", "line 1: a string is not closed on its line")]
    [InlineData("\n\n[host.\"https://m\"\ncapabilities = []", "line 3: expected ']'")]
    [InlineData("a = 1\na = 2", "line 2: key 'a' is defined twice")]
    [InlineData("[host]\n[host]", "line 2: table [host] is defined twice")]
    [InlineData("[[host]]", "line 1: arrays of tables")]
    [InlineData("a = \"\"\"x\"\"\"", "line 1: multi-line strings are not supported")]
    [InlineData("a = 1.5", "line 1: only decimal integers are supported")]
    [InlineData("a = [\"x\"\n\"y\"]", "line 2: expected ',' or ']' in an array")]
    [InlineData("a = \"x\" b = 1", "line 1: expected the end of the line")]
    [InlineData("a = 1\n[a.b]", "line 2: 'a.b' needs 'a' to be a table, but it is a value")]
    [InlineData("a = \"\\q\"", "line 1: unknown escape '\\q'")]
    public void Parse_Malformed_SaysWhatAndOnWhichLine(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TomlReader.Parse(text));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingDeeperThanTheLimit_IsAnErrorNotAStackOverflow()
    {
        var error = Assert.Throws<FormatException>(() => TomlReader.Parse("a = " + new string('[', 100_000)));

        Assert.Contains("nest deeper than", error.Message, StringComparison.Ordinal);
    }
}
