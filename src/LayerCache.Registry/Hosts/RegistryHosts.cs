using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LayerCache.Registry;

/// <summary>
/// containerd's registry host directory (the CRI's <c>config_path</c>, usually <c>/etc/containerd/certs.d</c>). A registry
/// <c>host:port</c> is configured by the <c>hosts.toml</c> in the first of <c>host_port_/</c>, <c>host:port/</c> and
/// <c>_default/</c> that exists. The file is read on every use, as containerd reads it on every pull, and parsed again when
/// its bytes change. A file that cannot be used is reported once per version through <see cref="Issue"/>, and the registry
/// is then reached at its own server, as containerd does.
/// </summary>
public sealed class RegistryHosts(string directory)
{
    /// <summary>The file of a registry's host directory.</summary>
    public const string FileName = HostsFile.FileName;

    /// <summary>The host directory of every registry without one of its own (containerd 1.7 and later).</summary>
    public const string DefaultDirectory = "_default";

    private const int MaxFileBytes = 256 * 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public string Directory { get; } = directory;

    /// <summary>
    /// Mirrors (by <c>host:port</c>) this client skips where a file names them: the agent's own mirror for containerd,
    /// which would only pass the agent's requests on.
    /// </summary>
    public IReadOnlySet<string> IgnoredMirrors { get; init; } = new HashSet<string>();

    /// <summary>Raised once for each version of a file that is malformed or has something this client ignores.</summary>
    public event Action<RegistryConfigIssue>? Issue;

    /// <summary>The endpoints of <paramref name="defaultServer"/>'s registry, in the order to try them.</summary>
    public IReadOnlyList<RegistryEndpoint> For(RegistryEndpoint defaultServer)
    {
        var hostDirectory = FindHostDirectory(defaultServer.Registry);
        if (hostDirectory is null)
        {
            return [defaultServer];
        }

        var path = Path.Combine(hostDirectory, HostsFile.FileName);
        var file = FileSnapshot.Read(path, MaxFileBytes);
        lock (_gate)
        {
            if (_entries.TryGetValue(defaultServer.Registry, out var known) && known.Path == path && known.DefaultServer == defaultServer && known.File.SameAs(file))
            {
                return known.Endpoints;
            }

            var entry = new Entry(path, file, defaultServer, Parse(path, hostDirectory, file, defaultServer));
            _entries[defaultServer.Registry] = entry;
            return entry.Endpoints;
        }
    }

    /// <summary>
    /// The host directories of <paramref name="registry"/> in the order containerd looks in them, before
    /// <see cref="DefaultDirectory"/>: <c>host_port_</c>, then <c>host:port</c>, for a registry with a port.
    /// </summary>
    public static IReadOnlyList<string> DirectoriesOf(string registry)
    {
        var colon = registry.LastIndexOf(':');
        return colon > 0 && !registry.EndsWith(']') ? [$"{registry[..colon]}_{registry[(colon + 1)..]}_", registry] : [registry];
    }

    private string? FindHostDirectory(string registry) =>
        DirectoriesOf(registry).Append(DefaultDirectory).Select(c => Path.Combine(Directory, c)).FirstOrDefault(System.IO.Directory.Exists);

    private IReadOnlyList<RegistryEndpoint> Parse(string path, string hostDirectory, FileSnapshot file, RegistryEndpoint defaultServer)
    {
        IReadOnlyList<RegistryEndpoint> endpoints = [defaultServer];
        var notes = new List<string>();
        var problem = file.Error is null ? null : $"{path} {file.Error}";
        if (file.Bytes is not null)
        {
            try
            {
                endpoints = [.. HostsFile.Parse(file.Text, hostDirectory, defaultServer, notes)
                    .Where(e => !(e.IsMirror && IgnoredMirrors.Contains(e.Root.Authority)))
                    .Select(WithCertificates)];
            }
            catch (FormatException e)
            {
                problem = $"{path} is not valid: {e.Message}";
            }
        }

        if (problem is not null)
        {
            Issue?.Invoke(new RegistryConfigIssue(path, $"{problem}; {defaultServer.Registry} is reached at {defaultServer} as if it had none.", Malformed: true));
        }

        foreach (var note in notes)
        {
            Issue?.Invoke(new RegistryConfigIssue(path, $"{path}: {note}.", Malformed: false));
        }

        return endpoints;
    }

    // Read with the file, so a CA that is missing or not PEM makes the file unusable, as it fails containerd's pull.
    private static RegistryEndpoint WithCertificates(RegistryEndpoint endpoint)
    {
        if (endpoint.CaFiles.Count == 0)
        {
            return endpoint;
        }

        var certificates = new X509Certificate2Collection();
        foreach (var path in endpoint.CaFiles)
        {
            var before = certificates.Count;
            try
            {
                certificates.ImportFromPemFile(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new FormatException($"the ca '{path}' of {endpoint} cannot be read: {e.Message}", e);
            }

            if (certificates.Count == before)
            {
                throw new FormatException($"the ca '{path}' of {endpoint} holds no PEM certificate");
            }
        }

        return endpoint with { CaCertificates = certificates };
    }

    private sealed record Entry(string Path, FileSnapshot File, RegistryEndpoint DefaultServer, IReadOnlyList<RegistryEndpoint> Endpoints);
}
