using LayerCache.Core.Model;
using LayerCache.Registry;
using Xunit;

namespace LayerCache.Testing.Registry;

/// <summary>
/// A real docker-registry behind a counting, fault-injecting <see cref="RegistryProxy"/>. Clients talk to <see cref="Host"/>
/// (the proxy); <see cref="Proxy"/> counts blob GETs per digest and injects faults. Everything lives in a temp directory
/// that is deleted on dispose, with the process.
/// </summary>
public class RegistryFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private RegistryProcess? _registry;
    private RegistryProxy? _proxy;

    public RegistryFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "layercache-registry-" + Guid.NewGuid().ToString("N")[..12]);
    }

    public string Directory { get; }

    public RegistryProxy Proxy => _proxy ?? throw new InvalidOperationException("The registry fixture is not started.");

    public RegistryProcess Registry => _registry ?? throw new InvalidOperationException("The registry fixture is not started.");

    /// <summary>host:port clients use (the proxy on 127.0.0.1).</summary>
    public string Host => Proxy.Host;

    /// <summary>The same proxy under another host name (127.0.0.2), which redirects point at.</summary>
    public string AlternateHost => Proxy.AlternateHost;

    public Uri BaseUri => new($"http://{Host}/");

    public int BlobGets(Digest digest) => Proxy.BlobGets(digest);

    /// <summary>A reference in this registry: <c>Reference("app:v1")</c> is <c>127.0.0.1:port/app:v1</c>.</summary>
    public ImageReference Reference(string repositoryAndTag) => ImageReference.Parse($"{Host}/{repositoryAndTag}");

    /// <summary>Options that allow plain HTTP to the proxy, ignore the machine's docker config and back off briefly.</summary>
    public virtual RegistryOptions CreateOptions()
    {
        var options = new RegistryOptions
        {
            UseDockerConfig = false,
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            RequestTimeout = TimeSpan.FromSeconds(10),
            BlobReadIdleTimeout = TimeSpan.FromSeconds(10),
        };
        options.InsecureHosts.Add(Host);
        return options;
    }

    public RegistryClient CreateClient(RegistryOptions? options = null) => new(options ?? CreateOptions());

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var auth = await StartAuthAsync().ConfigureAwait(false);
        _registry = new RegistryProcess(Directory, auth);
        await _registry.StartAsync(StartTimeout).ConfigureAwait(false);
        _proxy = new RegistryProxy(_registry.BaseUri);
        await _proxy.StartAsync().ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync().ConfigureAwait(false);
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync().ConfigureAwait(false);
        }

        await StopAuthAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail the run.
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts what the registry's auth needs and returns its config section; none for an open registry.</summary>
    protected virtual Task<string?> StartAuthAsync() => Task.FromResult<string?>(null);

    protected virtual Task StopAuthAsync() => Task.CompletedTask;
}
