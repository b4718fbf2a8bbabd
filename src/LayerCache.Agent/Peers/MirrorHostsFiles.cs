using System.Net;
using System.Text;
using LayerCache.Registry;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Peers;

/// <summary>
/// Names the agent's mirror in containerd's <c>hosts.toml</c> for each registry of <see cref="PeerOptions.MirrorRegistries"/>
/// (under <see cref="AgentOptions.RegistryHostsDirectory"/>), so the node's pulls ask it first; containerd reads the files
/// at every pull, so nothing restarts. The mirror is listed with <c>pull</c> only, and containerd goes on to the registry
/// when the mirror has no blob or cannot be reached. A file the agent did not write is never changed: the operator's
/// registry configuration wins, and the agent says which registry its mirror does not serve. What it wrote it removes
/// when it stops, so no file names a mirror that is gone.
/// </summary>
public sealed partial class MirrorHostsFiles(IOptions<AgentOptions> options, ILogger<MirrorHostsFiles> logger) : IHostedService
{
    /// <summary>The first line of every file the agent writes: how it knows its own.</summary>
    public const string Marker = "# Written by layercache-agent: its mirror first for this registry's blobs. Removed when the agent stops.";

    private readonly List<string> _written = [];

    /// <summary>The URL containerd reaches the mirror at: its bind address, or loopback where it listens on every address.</summary>
    public static string MirrorUrl(PeerOptions peers)
    {
        var address = IPAddress.Parse(peers.MirrorBindAddress);
        if (address.Equals(IPAddress.Any))
        {
            address = IPAddress.Loopback;
        }
        else if (address.Equals(IPAddress.IPv6Any))
        {
            address = IPAddress.IPv6Loopback;
        }

        return $"http://{new IPEndPoint(address, peers.MirrorPort)}";
    }

    /// <summary>The file for <paramref name="registry"/>: the marker, its own server over plain HTTP where it is one, the mirror.</summary>
    public static string Render(string registry, string mirrorUrl, bool plainHttp)
    {
        var text = new StringBuilder().Append(Marker).Append('\n');
        if (plainHttp && registry != RegistryHosts.DefaultDirectory)
        {
            text.Append("server = \"http://").Append(registry).Append("\"\n");
        }

        return text.Append('\n').Append("[host.\"").Append(mirrorUrl).Append("\"]\n").Append("  capabilities = [\"pull\"]\n").ToString();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Peers.MirrorPort == 0 || o.Peers.MirrorRegistries.Count == 0 || string.IsNullOrEmpty(o.RegistryHostsDirectory))
        {
            return Task.CompletedTask;
        }

        var mirror = MirrorUrl(o.Peers);
        foreach (var registry in o.Peers.MirrorRegistries)
        {
            var paths = RegistryHosts.DirectoriesOf(registry).Select(d => Path.Combine(o.RegistryHostsDirectory, d, RegistryHosts.FileName)).ToList();
            var path = paths[0];
            try
            {
                if (paths.FirstOrDefault(p => File.Exists(p) && !IsOurs(p)) is { } operators)
                {
                    LogLeftAlone(logger, registry, operators);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temporary = path + ".layercache-" + Guid.NewGuid().ToString("N")[..8];
                File.WriteAllText(temporary, Render(registry, mirror, o.PlainHttpRegistries.Contains(registry, StringComparer.OrdinalIgnoreCase)));
                File.Move(temporary, path, overwrite: true);
                _written.Add(path);
                LogWritten(logger, registry, path, mirror);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A read-only certs.d (the base install mounts it so) leaves the pulls as they were; the mirror still serves.
                LogNotWritten(logger, registry, path, e.Message);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var path in _written)
        {
            try
            {
                if (File.Exists(path) && IsOurs(path))
                {
                    File.Delete(path);
                    var directory = Path.GetDirectoryName(path)!;
                    if (!Directory.EnumerateFileSystemEntries(directory).Any())
                    {
                        Directory.Delete(directory);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogNotRemoved(logger, path, e.Message);
            }
        }

        _written.Clear();
        return Task.CompletedTask;
    }

    private static bool IsOurs(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine() == Marker;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "containerd asks the mirror {Mirror} first for {Registry}'s blobs ({Path})")]
    private static partial void LogWritten(ILogger logger, string registry, string path, string mirror);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is not the agent's: {Registry}'s pulls do not go through the mirror; add the mirror to that file by hand (docs/peers.md)")]
    private static partial void LogLeftAlone(ILogger logger, string registry, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Path}, so {Registry}'s pulls do not go through the mirror (is containerd's certs.d mounted writable?): {Reason}")]
    private static partial void LogNotWritten(ILogger logger, string registry, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove {Path}; containerd will find the mirror gone and go to the registry: {Reason}")]
    private static partial void LogNotRemoved(ILogger logger, string path, string reason);
}
