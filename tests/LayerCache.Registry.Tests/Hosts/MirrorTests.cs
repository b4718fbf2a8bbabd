using LayerCache.Testing.Registry;

namespace LayerCache.Registry.Tests;

/// <summary>
/// A registry reached through containerd's certs.d: mirrors are second proxies in front of the same registry process (so
/// they serve the same content and count their own requests), one of them on HTTPS with a private CA.
/// </summary>
public sealed class MirrorTests(RegistryFixture registry) : IClassFixture<RegistryFixture>, IAsyncLifetime
{
    private readonly string _certs = Directory.CreateTempSubdirectory("layercache-certs.d-").FullName;
    private readonly TestCertificate _certificate = new();
    private readonly List<(RegistryEndpoint Endpoint, RegistryException Error)> _fallbacks = [];
    private RegistryProxy _mirror = null!;
    private RegistryProxy _tlsMirror = null!;

    public async Task InitializeAsync()
    {
        _mirror = new RegistryProxy(registry.Registry.BaseUri);
        _tlsMirror = new RegistryProxy(registry.Registry.BaseUri, _certificate.Server);
        await _mirror.StartAsync();
        await _tlsMirror.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _mirror.DisposeAsync();
        await _tlsMirror.DisposeAsync();
        _certificate.Dispose();
        Directory.Delete(_certs, recursive: true);
    }

    [Fact]
    public async Task Mirror_ServesTagsAndBlobs_AndLearnsTheRegistryFromNs()
    {
        var (target, image) = await PushAsync("mirror/served:v1", 401);
        WriteHosts($"[host.\"{_mirror.Url}\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
        using var client = CreateClient();

        var resolved = await client.ResolveAsync(target);
        await client.FetchBlobAsync(target, image.Layers[0], new MemoryStream());

        Assert.Equal(image.ManifestDigest, resolved.ManifestDigest);
        Assert.Equal(1, _mirror.BlobGets(image.Layers[0].Digest));
        Assert.Equal(0, registry.BlobGets(image.Layers[0].Digest));
        Assert.DoesNotContain(registry.Proxy.Requests, r => r.Method == "GET" && r.PathAndQuery.Contains("/mirror/served/", StringComparison.Ordinal));
        Assert.All(_mirror.Requests, r => Assert.EndsWith($"?ns={Uri.EscapeDataString(registry.Host)}", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Empty(_fallbacks);
    }

    [Fact]
    public async Task PullOnlyMirror_IsNotAskedToResolveATag()
    {
        var (target, image) = await PushAsync("mirror/pull-only:v1", 402);
        WriteHosts($"[host.\"{_mirror.Url}\"]\n  capabilities = [\"pull\"]\n");
        using var client = CreateClient();

        await client.ResolveAsync(target);
        await client.FetchBlobAsync(target, image.Layers[0], new MemoryStream());

        Assert.DoesNotContain(_mirror.Requests, r => r.PathAndQuery.Contains("/manifests/v1", StringComparison.Ordinal));
        Assert.Contains(registry.Proxy.Requests, r => r.PathAndQuery.EndsWith("/mirror/pull-only/manifests/v1", StringComparison.Ordinal));
        Assert.Equal(1, _mirror.BlobGets(image.Layers[0].Digest));
    }

    [Fact]
    public async Task UnreachableMirror_PassesTheRequestOnToTheServer_AndIsReported()
    {
        var layer = await FetchOneLayerAsync("mirror/unreachable:v1", 403, $"[host.\"http://127.0.0.1:{FreePort.Find()}\"]\n");

        Assert.Equal(1, registry.BlobGets(layer));
        var (endpoint, error) = Assert.Single(_fallbacks);
        Assert.True(endpoint.IsMirror);
        Assert.Contains("failed after 1 tries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsMirror_TrustedThroughItsCa_IsUsed()
    {
        Directory.CreateDirectory(Path.Combine(_certs, registry.Host));
        File.WriteAllText(Path.Combine(_certs, registry.Host, "mirror-ca.pem"), _certificate.AuthorityPem);

        var layer = await FetchOneLayerAsync("mirror/ca:v1", 404, $"[host.\"{_tlsMirror.Url}\"]\n  ca = \"mirror-ca.pem\"\n");

        Assert.Equal(1, _tlsMirror.BlobGets(layer));
        Assert.Empty(_fallbacks);
    }

    [Fact]
    public async Task HttpsMirror_WithSkipVerify_IsUsed()
    {
        var layer = await FetchOneLayerAsync("mirror/skip:v1", 405, $"[host.\"{_tlsMirror.Url}\"]\n  skip_verify = true\n");

        Assert.Equal(1, _tlsMirror.BlobGets(layer));
        Assert.Empty(_fallbacks);
    }

    [Fact]
    public async Task HttpsMirror_NotTrusted_FailsItsTlsAndTheServerServes()
    {
        var layer = await FetchOneLayerAsync("mirror/untrusted:v1", 406, $"[host.\"{_tlsMirror.Url}\"]\n");

        Assert.Equal(0, _tlsMirror.BlobGets(layer));
        Assert.Equal(1, registry.BlobGets(layer));
        Assert.Contains("TLS with", Assert.Single(_fallbacks).Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginFor_GivesTheServersAddressAndTheRegistrysCredential_NeverAMirrors()
    {
        WriteHosts($"[host.\"{_mirror.Url}\"]\n");
        var options = Options();
        options.Credentials[registry.Host] = new RegistryCredential("alice", "pw");
        using var client = new RegistryClient(options);

        var login = client.LoginFor(registry.Host);

        Assert.NotNull(login);
        Assert.Equal(new Uri($"http://{registry.Host}"), login.ServerAddress);
        Assert.Equal("alice", login.Credential.Username);
        Assert.Null(client.LoginFor("other.example"));
    }

    /// <summary>Options that reach the registry only as its hosts.toml says: its server over plain HTTP, then the mirrors first.</summary>
    private RegistryOptions Options()
    {
        var options = registry.CreateOptions();
        options.InsecureHosts.Clear();
        options.MaxAttempts = 1;
        options.Hosts = new RegistryHosts(_certs);
        options.EndpointFailed = (endpoint, error) => _fallbacks.Add((endpoint, error));
        return options;
    }

    private RegistryClient CreateClient() => new(Options());

    private void WriteHosts(string hosts)
    {
        var directory = Path.Combine(_certs, registry.Host);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "hosts.toml"), $"server = \"http://{registry.Host}\"\n\n{hosts}");
    }

    /// <summary>Pushes an image, configures the registry's hosts.toml and fetches the image's layer; returns the layer's digest.</summary>
    private async Task<Core.Model.Digest> FetchOneLayerAsync(string repositoryAndTag, int seed, string hosts)
    {
        var (target, image) = await PushAsync(repositoryAndTag, seed);
        WriteHosts(hosts);
        using var client = CreateClient();
        await client.FetchBlobAsync(target, image.Layers[0], new MemoryStream());
        return image.Layers[0].Digest;
    }

    private async Task<(ImageReference Target, TestImage Image)> PushAsync(string repositoryAndTag, int seed)
    {
        var builder = new OciImageBuilder(seed);
        var image = builder.CreateImage(builder.CreateLayers(20_000));
        var target = registry.Reference(repositoryAndTag);
        using var pusher = registry.CreateClient();
        await OciImageBuilder.PushAsync(pusher, target, image);
        return (target, image);
    }
}
