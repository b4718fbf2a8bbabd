using LayerCache.Testing.Registry;

namespace LayerCache.Registry.Tests;

/// <summary>A certs.d directory on disk, read as containerd reads it: per registry, on every use.</summary>
public sealed class RegistryHostsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("layercache-certs.d-").FullName;
    private readonly List<RegistryConfigIssue> _issues = [];
    private readonly RegistryHosts _hosts;

    public RegistryHostsTests()
    {
        _hosts = new RegistryHosts(_root);
        _hosts.Issue += _issues.Add;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void For_NoDirectory_IsTheRegistrysOwnServer()
    {
        var server = RegistryEndpoint.Default("registry.example.com", false);

        Assert.Equal([server], _hosts.For(server));
    }

    [Theory]
    [InlineData("registry.example.com_5000_")]
    [InlineData("registry.example.com:5000")]
    [InlineData("_default")]
    public void For_HostDirectory_IsFoundByContainerdsNames(string directory)
    {
        Write(directory, HostsExamples.DefaultMirror);

        var endpoints = _hosts.For(RegistryEndpoint.Default("registry.example.com:5000", false));

        Assert.Equal(["https://registry.example.com/v2/", "https://registry.example.com:5000/v2/"], endpoints.Select(e => e.Root.ToString()));
    }

    [Fact]
    public void For_FileChanged_IsReadAgain()
    {
        var server = RegistryEndpoint.Default("r.example", false);
        Write("r.example", "[host.\"https://one.example\"]\n");
        Assert.Equal("one.example", _hosts.For(server)[0].Root.Host);

        Write("r.example", "[host.\"https://two.example\"]\n");

        Assert.Equal("two.example", _hosts.For(server)[0].Root.Host);
        Assert.Empty(_issues);
    }

    [Fact]
    public void For_MalformedFile_IsReportedOnceWithFileAndLine_AndTheServerIsUsed()
    {
        var server = RegistryEndpoint.Default("r.example", false);
        var path = Write("r.example", "[host.\"https://m.example\"]\n  capabilities = [\"pull\"\n");

        Assert.Equal([server], _hosts.For(server));
        Assert.Equal([server], _hosts.For(server));

        var issue = Assert.Single(_issues);
        Assert.True(issue.Malformed);
        Assert.Equal(path, issue.Path);
        Assert.StartsWith($"{path} is not valid: line 2: an array opened on this line is not closed", issue.Message, StringComparison.Ordinal);
        Assert.EndsWith("r.example is reached at https://r.example as if it had none.", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_UnsupportedKey_IsANoteNotAnError()
    {
        var path = Write("r.example", "[host.\"https://m.example\"]\n  [host.\"https://m.example\".header]\n    x-team = \"a\"\n");

        var endpoints = _hosts.For(RegistryEndpoint.Default("r.example", false));

        Assert.Equal(2, endpoints.Count);
        var issue = Assert.Single(_issues);
        Assert.False(issue.Malformed);
        Assert.Equal($"{path}: host.\"https://m.example\": 'header' is not supported and is ignored.", issue.Message);
    }

    [Fact]
    public void For_CaFile_IsReadRelativeToTheHostDirectory_AndAMissingOneMakesTheFileUnusable()
    {
        using var certificate = new TestCertificate();
        Write("r.example", "[host.\"https://m.example\"]\n  ca = \"mirror-ca.pem\"\n");
        File.WriteAllText(Path.Combine(_root, "r.example", "mirror-ca.pem"), certificate.AuthorityPem);
        var server = RegistryEndpoint.Default("r.example", false);

        var mirror = _hosts.For(server)[0];

        Assert.Equal(certificate.Authority.Thumbprint, Assert.Single(mirror.CaCertificates!).Thumbprint);

        Write("r.example", "[host.\"https://m.example\"]\n  ca = \"missing.pem\"\n");

        Assert.Equal([server], _hosts.For(server));
        Assert.Contains("missing.pem", Assert.Single(_issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_IgnoredMirror_SkippedAndTheOtherHostsKept()
    {
        var hosts = new RegistryHosts(_root) { IgnoredMirrors = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "10.0.3.7:9466" } };
        var server = RegistryEndpoint.Default("r.example", false);
        Write("r.example", "[host.\"http://10.0.3.7:9466\"]\n  capabilities = [\"pull\"]\n\n[host.\"https://other.example\"]\n  capabilities = [\"pull\"]\n");

        Assert.Equal(["https://other.example/v2/", "https://r.example/v2/"], hosts.For(server).Select(e => e.Root.ToString()));
        Assert.Equal(3, _hosts.For(server).Count);
    }

    private string Write(string directory, string text)
    {
        var path = Path.Combine(_root, directory, "hosts.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
