using LayerCache.Agent.Peers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Tests.Peers;

/// <summary>The hosts.toml files the agent writes for containerd: where, what, whose it leaves alone, and their removal.</summary>
public sealed class MirrorHostsFilesTests : IDisposable
{
    private readonly string _certs = Path.Combine(Path.GetTempPath(), "layercache-certs-" + Guid.NewGuid().ToString("N")[..12]);

    public MirrorHostsFilesTests() => Directory.CreateDirectory(_certs);

    public void Dispose() => Directory.Delete(_certs, recursive: true);

    [Fact]
    public async Task Start_ThreeRegistries_EachFileNamesTheMirrorFirstWhereContainerdLooks()
    {
        var files = Files(["docker.io", "_default", "registry.example.com:5000"], plainHttp: ["registry.example.com:5000"]);

        await files.StartAsync(CancellationToken.None);

        Assert.Equal(
            MirrorHostsFiles.Marker + "\n\n[host.\"http://10.0.3.7:9466\"]\n  capabilities = [\"pull\"]\n",
            File.ReadAllText(Path.Combine(_certs, "docker.io", "hosts.toml")));
        Assert.StartsWith(MirrorHostsFiles.Marker, File.ReadAllText(Path.Combine(_certs, "_default", "hosts.toml")));
        // A registry with a port: containerd looks in host_port_ first; plain HTTP keeps its own server on http.
        var ported = File.ReadAllText(Path.Combine(_certs, "registry.example.com_5000_", "hosts.toml"));
        Assert.Contains("server = \"http://registry.example.com:5000\"\n", ported, StringComparison.Ordinal);
        Assert.True(ported.IndexOf("server", StringComparison.Ordinal) < ported.IndexOf("[host.", StringComparison.Ordinal), ported);
    }

    [Fact]
    public async Task Start_OperatorsFileInEitherFolder_LeftAsItIs()
    {
        var mine = Write("docker.io", "server = \"https://mirror.example.com\"\n");
        var theirs = Write("registry.example.com:5000", "server = \"https://registry.example.com:5000\"\n");
        var files = Files(["docker.io", "registry.example.com:5000"]);

        await files.StartAsync(CancellationToken.None);
        await files.StopAsync(CancellationToken.None);

        Assert.Equal("server = \"https://mirror.example.com\"\n", File.ReadAllText(mine));
        Assert.Equal("server = \"https://registry.example.com:5000\"\n", File.ReadAllText(theirs));
        Assert.False(Directory.Exists(Path.Combine(_certs, "registry.example.com_5000_")), "a file containerd would read before the operator's was written");
    }

    [Fact]
    public async Task Start_ItsOwnFileFromALastRun_WrittenAgainForTheNewMirror()
    {
        var stale = Write("docker.io", MirrorHostsFiles.Render("docker.io", "http://10.0.9.9:9466", plainHttp: false));

        await Files(["docker.io"]).StartAsync(CancellationToken.None);

        Assert.Contains("http://10.0.3.7:9466", File.ReadAllText(stale), StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.9.9", File.ReadAllText(stale), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_RemovesWhatItWrote_AndOnlyThat()
    {
        var files = Files(["docker.io", "quay.io"]);
        await files.StartAsync(CancellationToken.None);
        // The operator took quay.io's file over while the agent ran.
        var quay = Path.Combine(_certs, "quay.io", "hosts.toml");
        File.WriteAllText(quay, "server = \"https://quay.io\"\n");

        await files.StopAsync(CancellationToken.None);

        Assert.False(Directory.Exists(Path.Combine(_certs, "docker.io")));
        Assert.Equal("server = \"https://quay.io\"\n", File.ReadAllText(quay));
    }

    [Fact]
    public async Task Start_CertsDirectoryCannotBeWritten_NoFileAndNoThrow()
    {
        // A file where the folder should be: what a read-only mount does to a write, without needing one.
        var blocked = Path.Combine(_certs, "blocked");
        File.WriteAllText(blocked, "");
        var files = new MirrorHostsFiles(Options(blocked, ["docker.io"], []), NullLogger<MirrorHostsFiles>.Instance);

        await files.StartAsync(CancellationToken.None);
        await files.StopAsync(CancellationToken.None);

        Assert.True(File.Exists(blocked));
    }

    [Fact]
    public async Task Start_MirrorOff_WritesNothing()
    {
        var options = Options(_certs, ["docker.io"], []);
        options.Value.Peers.MirrorPort = 0;

        await new MirrorHostsFiles(options, NullLogger<MirrorHostsFiles>.Instance).StartAsync(CancellationToken.None);

        Assert.Empty(Directory.EnumerateFileSystemEntries(_certs));
    }

    [Theory]
    [InlineData("10.0.3.7", "http://10.0.3.7:9466")]
    [InlineData("0.0.0.0", "http://127.0.0.1:9466")]
    [InlineData("::", "http://[::1]:9466")]
    [InlineData("fd00::7", "http://[fd00::7]:9466")]
    public void MirrorUrl_BindAddress_WhatContainerdOnTheNodeReaches(string bind, string expected)
    {
        Assert.Equal(expected, MirrorHostsFiles.MirrorUrl(new PeerOptions { MirrorBindAddress = bind, MirrorPort = 9466 }));
    }

    private MirrorHostsFiles Files(string[] registries, string[]? plainHttp = null) =>
        new(Options(_certs, registries, plainHttp ?? []), NullLogger<MirrorHostsFiles>.Instance);

    private static IOptions<AgentOptions> Options(string certs, string[] registries, string[] plainHttp) => Microsoft.Extensions.Options.Options.Create(new AgentOptions
    {
        RegistryHostsDirectory = certs,
        PlainHttpRegistries = [.. plainHttp],
        Peers = new PeerOptions { MirrorPort = 9466, MirrorBindAddress = "10.0.3.7", MirrorRegistries = [.. registries] },
    });

    private string Write(string folder, string text)
    {
        var path = Path.Combine(_certs, folder, "hosts.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
