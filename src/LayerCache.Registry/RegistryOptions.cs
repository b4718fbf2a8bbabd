namespace LayerCache.Registry;

/// <summary>
/// How <see cref="RegistryClient"/> talks to registries. To add a setting: put it here with its unit in the name,
/// validate it in <see cref="Validate"/>, use it, and document it in docs/registry.md.
/// </summary>
public sealed class RegistryOptions
{
    /// <summary>The options a service's settings describe: hosts reached over plain HTTP, and a docker config file.</summary>
    public static RegistryOptions For(IEnumerable<string> plainHttpHosts, string? dockerConfigPath)
    {
        var options = new RegistryOptions { DockerConfigPath = dockerConfigPath };
        foreach (var host in plainHttpHosts)
        {
            options.InsecureHosts.Add(host);
        }

        return options;
    }

    /// <summary>Hosts (<c>host</c> or <c>host:port</c>) that may be reached over plain HTTP; every other host needs HTTPS.</summary>
    public ISet<string> InsecureHosts { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Credentials by registry host, checked before the docker config file.</summary>
    public IDictionary<string, RegistryCredential> Credentials { get; } = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A docker <c>config.json</c>; when null, <c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>.</summary>
    public string? DockerConfigPath { get; set; }

    /// <summary>Whether to read the docker config file at all.</summary>
    public bool UseDockerConfig { get; set; } = true;

    /// <summary>Credentials to use instead of the docker config file, such as a <see cref="DockerConfigFile"/> that is read again as it changes.</summary>
    public IRegistryCredentials? CredentialSource { get; set; }

    /// <summary>containerd's registry host directory (mirrors, plain HTTP, TLS settings per registry); none means every registry at its own server.</summary>
    public RegistryHosts? Hosts { get; set; }

    /// <summary>Called when an endpoint (a mirror) failed a request and the next one is tried; the error is what it failed with.</summary>
    public Action<RegistryEndpoint, RegistryException>? EndpointFailed { get; set; }

    /// <summary>Tries per request, counting the first, for transport errors, 5xx, 429 and dropped blob bodies.</summary>
    public int MaxAttempts { get; set; } = 4;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest Retry-After honoured; a longer one fails the request instead of stalling it.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a request may wait for response headers.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a blob body may stall between two reads before the connection counts as dropped.</summary>
    public TimeSpan BlobReadIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whole downloads of a blob whose bytes failed verification (needs a seekable destination to retry).</summary>
    public int BlobVerificationAttempts { get; set; } = 2;

    public int MaxManifestBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxRedirects { get; set; } = 5;

    public string UserAgent { get; set; } = "layercache/1.0";

    /// <summary>Clock for token expiry and retry delays; tests pass one that records delays.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BlobVerificationAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxManifestBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRedirects);
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BlobReadIdleTimeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    /// <summary>The endpoints to try for a registry, in order: its hosts.toml's, else its own server (over plain HTTP when <see cref="InsecureHosts"/> lists it).</summary>
    internal IReadOnlyList<RegistryEndpoint> EndpointsFor(string registry)
    {
        var server = RegistryEndpoint.Default(registry, AllowsPlainHttp(new Uri("http://" + registry)));
        return Hosts?.For(server) ?? [server];
    }

    internal bool AllowsPlainHttp(Uri uri) =>
        InsecureHosts.Contains(uri.Authority) || InsecureHosts.Contains(uri.Host) ||
        (uri.IsDefaultPort && InsecureHosts.Contains($"{uri.Host}:{uri.Port}"));
}
