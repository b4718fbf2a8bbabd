using System.Globalization;
using System.Text.RegularExpressions;
using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Cluster;

/// <summary>
/// The cloud's registry: a real <c>docker-registry</c> inside the cloud namespace on its loopback, reached by the site
/// through the delay relay on the cloud's address (the uplink's latency; its bandwidth is the qdisc's). What it served
/// is read back from its own access log, so the byte count does not depend on any proxy of ours.
/// </summary>
internal sealed partial class SiteRegistry
{
    public const int Port = 5000;
    private const int LoopbackPort = 5001;

    private readonly string _logPath;

    private SiteRegistry(string hostPort, string logPath)
    {
        HostPort = hostPort;
        _logPath = logPath;
    }

    /// <summary>Where nodes pull from, as image references name it: the cloud address and the relay's port.</summary>
    public string HostPort { get; }

    public static async Task<SiteRegistry> StartAsync(EdgeSite site, string directory, string relayExecutable, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, Config(Path.Combine(directory, "storage")), cancellationToken).ConfigureAwait(false);
        var process = site.Run.Start("registry", "/usr/bin/docker-registry", ["serve", config], site.CloudNamespace);
        await site.StartRelayAsync(relayExecutable, Port, LoopbackPort, cancellationToken).ConfigureAwait(false);
        var registry = new SiteRegistry($"{site.CloudAddress}:{Port}", process.LogPath);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{registry.HostPort}/v2/"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return registry;
                }
            }
            catch (HttpRequestException)
            {
                // Not serving yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow under load; ask again.
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"docker-registry did not answer on {registry.HostPort}:\n{process.LogTail(30)}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Bytes of response bodies the registry has written so far (blobs, manifests), from its access log.</summary>
    public long ServedBytes()
    {
        using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        long total = 0;
        while (reader.ReadLine() is { } line)
        {
            var match = Written().Match(line);
            if (match.Success && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
            {
                total += bytes;
            }
        }

        return total;
    }

    private static string Config(string storage) => $"""
        version: 0.1
        log:
          level: info
          formatter: text
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: {storage}
          maintenance:
            uploadpurging:
              enabled: false
        http:
          addr: 127.0.0.1:{LoopbackPort}
          secret: layercache-e2e

        """;

    [GeneratedRegex(@"http\.response\.written=(\d+)")]
    private static partial Regex Written();
}
