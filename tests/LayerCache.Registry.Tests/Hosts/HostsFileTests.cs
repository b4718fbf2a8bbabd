namespace LayerCache.Registry.Tests;

public sealed class HostsFileTests
{
    private const string Directory = "/etc/containerd/certs.d/docker.io";

    private static readonly RegistryEndpoint DockerHub = RegistryEndpoint.Default("docker.io", plainHttp: false);

    [Fact]
    public void Parse_DockerHubDefault_TriesTheHostThenTheServer()
    {
        var endpoints = Parse(HostsExamples.DockerHubDefault, out _);

        Assert.Equal(["https://registry-1.docker.io/v2/", "https://docker.io/v2/"], endpoints.Select(e => e.Root.ToString()));
        Assert.Equal(RegistryCapabilities.Pull | RegistryCapabilities.Resolve, endpoints[0].Capabilities);
        Assert.True(endpoints[0].IsMirror);
        Assert.Equal("registry-1.docker.io", endpoints[0].CredentialHost);
        Assert.Equal(RegistryCapabilities.All, endpoints[1].Capabilities);
        Assert.False(endpoints[1].IsMirror);
        Assert.Equal("docker.io", endpoints[1].CredentialHost);
    }

    [Fact]
    public void Parse_LocalMirror_KeepsCapabilitiesAndResolvesTheCaFromTheHostDirectory()
    {
        var endpoints = Parse(HostsExamples.LocalMirror, out _);

        Assert.Equal(
            ["https://public-mirror.example.com/v2/", "https://docker-mirror.internal/v2/", "https://registry-1.docker.io/v2/"],
            endpoints.Select(e => e.Root.ToString()));
        Assert.Equal(RegistryCapabilities.Pull, endpoints[0].Capabilities);
        Assert.Equal([$"{Directory}/docker-mirror.crt"], endpoints[1].CaFiles);
        Assert.False(endpoints[2].IsMirror);
    }

    [Fact]
    public void Parse_NoServer_EndsWithTheRegistrysOwnServer()
    {
        var endpoints = HostsFile.Parse(HostsExamples.DefaultMirror, "/etc/containerd/certs.d/_default", RegistryEndpoint.Default("quay.io", false), []);

        Assert.Equal(["https://registry.example.com/v2/", "https://quay.io/v2/"], endpoints.Select(e => e.Root.ToString()));
        Assert.True(endpoints[0].IsMirror);
        Assert.Equal(endpoints[1], RegistryEndpoint.Default("quay.io", false));
    }

    [Fact]
    public void Parse_BypassTls_PlainHttpMirrorWithAllCapabilities()
    {
        var endpoints = Parse(HostsExamples.BypassTls, out _);

        Assert.Equal("http://192.168.31.250:5000/v2/", endpoints[0].Root.ToString());
        Assert.True(endpoints[0].IsPlainHttp);
        Assert.True(endpoints[0].SkipVerify);
        Assert.Equal(RegistryCapabilities.All, endpoints[0].Capabilities);
    }

    [Fact]
    public void Parse_MirrorsExample_PathsOverridePathAndNotesForWhatIsIgnored()
    {
        var endpoints = Parse(HostsExamples.Mirrors, out var notes);

        Assert.Equal("https://mirror-bak.registry/us/v2/", endpoints[1].Root.ToString());
        Assert.Equal("https://non-compliant-mirror.registry/v2/upstream/", endpoints[6].Root.ToString());
        Assert.Equal(["/etc/certs/test-1-ca.pem", "/etc/certs/special.pem"], endpoints[3].CaFiles);
        Assert.Equal(8, endpoints.Count);
        Assert.Contains("host.\"https://mirror.registry\": 'header' is not supported and is ignored", notes);
        Assert.Equal(3, notes.Count(n => n.Contains("'client' is not supported", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_ServerAlsoListedAsHost_IsOneEndpointThatIsTheServer()
    {
        var endpoints = HostsFile.Parse(
            "server = \"http://127.0.0.1:5000\"\n[host.\"http://127.0.0.1:5000\"]\n  capabilities = [\"pull\", \"resolve\"]\n",
            "/d",
            RegistryEndpoint.Default("127.0.0.1:5000", false),
            []);

        var only = Assert.Single(endpoints);
        Assert.False(only.IsMirror);
        Assert.Equal("http://127.0.0.1:5000/v2/", only.Root.ToString());
        Assert.Equal("127.0.0.1:5000", only.CredentialHost);
    }

    [Theory]
    [InlineData("[host.\"https://m\"]\n  capabilities = [\"pull\", \"fetch\"]", "host.\"https://m\": unknown capability 'fetch' (pull, resolve, push)")]
    [InlineData("[host.\"https://m\"]\n  skip_verify = \"yes\"", "host.\"https://m\": skip_verify must be true or false")]
    [InlineData("[host.\"ftp://m\"]", "host.\"ftp://m\": 'ftp://m' is not an http or https URL")]
    [InlineData("[host.\"https://user:pw@m\"]", "host.\"https://***@m\": a host URL has no user, query or fragment")]
    [InlineData("server = 5", "'server' must be a string (a URL)")]
    [InlineData("host = \"https://m\"", "'host' must be a table")]
    [InlineData("[host.\"https://m\"]\n  ca = [1]", "host.\"https://m\": ca must be a string or an array of strings")]
    public void Parse_WrongValues_AreErrorsNamingTheKey(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Parse(text, out _));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<RegistryEndpoint> Parse(string text, out List<string> notes)
    {
        notes = [];
        return HostsFile.Parse(text, Directory, DockerHub, notes);
    }
}
