using System.Diagnostics;
using System.Globalization;
using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Cluster;

/// <summary>
/// Redis and one <c>layercache-coordinator</c>, the real processes, in the root namespace on the site's LAN address
/// so every node reaches them. A fresh Redis for each policy's run: nothing learnt under one policy helps another.
/// </summary>
internal sealed class ControlPlane : IAsyncDisposable
{
    public const int RedisPort = 16379;
    public const int CoordinatorPort = 19470;
    public const int CoordinatorGrpcPort = 19471;
    private static string[] PeerFetchArguments(ControlPlaneSettings settings) =>
    [
        $"--Coordinator:LanBytesPerSecond={settings.LanBytesPerSecond.ToString(CultureInfo.InvariantCulture)}",
        $"--Coordinator:DefaultBandwidthBytesPerSecond={settings.UplinkBytesPerSecond.ToString(CultureInfo.InvariantCulture)}",
        "--Planner:SeedEachSiteFirst=true",
    ];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The coordinator's settings some policies add: the LAN's pricing (layercache+peer), unpacking ahead (layercache+unpack).</summary>
    public static IReadOnlyList<string> OptionalArguments(ControlPlaneSettings settings) =>
    [
        .. settings.LanBytesPerSecond > 0 ? PeerFetchArguments(settings) : [],
        .. settings.UnpackAhead
            ? ["--Planner:UnpackAhead=true", $"--Planner:MinImageRequestsPerNode={settings.MinImageRequestsPerNode.ToString(CultureInfo.InvariantCulture)}"]
            : Array.Empty<string>(),
    ];

    private readonly List<SupervisedProcess> _processes = [];

    private ControlPlane(string hostAddress)
    {
        RedisAddress = $"{hostAddress}:{RedisPort}";
        CoordinatorUri = new Uri($"http://{hostAddress}:{CoordinatorPort}/");
    }

    public string RedisAddress { get; }

    public Uri CoordinatorUri { get; }

    public static async Task<ControlPlane> StartAsync(EdgeSite site, string directory, string label, ControlPlaneSettings settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var plane = new ControlPlane(site.HostAddress);
        try
        {
            var redis = site.Run.Start(
                $"{label}-redis",
                "/usr/bin/redis-server",
                ["--bind", site.HostAddress, "--port", RedisPort.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", directory, "--protected-mode", "no"]);
            plane._processes.Add(redis);
            await WaitAsync(() => RedisAnswersAsync(site.HostAddress, cancellationToken), redis, "redis-server", cancellationToken).ConfigureAwait(false);

            var coordinatorDll = Path.Combine(AppContext.BaseDirectory, "layercache-coordinator.dll");
            string[] arguments =
            [
                coordinatorDll,
                $"--urls=http://{site.HostAddress}:{CoordinatorPort}",
                $"--Redis:Configuration={plane.RedisAddress}",
                $"--Coordinator:GrpcPort={CoordinatorGrpcPort}",
                $"--Coordinator:GrpcBindAddress={site.HostAddress}",
                $"--Coordinator:PopularityHalfLife={settings.PopularityHalfLife:c}",
                $"--Store:PlainHttpRegistries:0={settings.RegistryHostPort}",
                $"--Planner:Enabled={settings.PlannerEnabled}",
                $"--Planner:OrderKeysDirectory={settings.OrderKeysDirectory}",
                $"--Planner:Policy={settings.PlannerPolicy}",
                $"--Planner:Interval={settings.PlannerInterval:c}",
                $"--Planner:MinRequestsPerReplica={settings.MinRequestsPerReplica.ToString(CultureInfo.InvariantCulture)}",
                "--Logging:LogLevel:Default=Warning",
                .. OptionalArguments(settings),
            ];
            var coordinator = site.Run.Start($"{label}-coordinator", "dotnet", arguments);
            plane._processes.Add(coordinator);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await WaitAsync(() => AnswersOkAsync(http, new Uri(plane.CoordinatorUri, "readyz"), cancellationToken), coordinator, "layercache-coordinator", cancellationToken).ConfigureAwait(false);
            return plane;
        }
        catch
        {
            await plane.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> ready, SupervisedProcess process, string name, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (!await ready().ConfigureAwait(false))
        {
            if (process.HasExited || started.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"{name} did not get ready within {StartTimeout.TotalSeconds:F0} s:\n{process.LogTail(30)}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> AnswersOkAsync(HttpClient http, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> RedisAnswersAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(address, RedisPort, cancellationToken).ConfigureAwait(false);
            await using var stream = tcp.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return read >= 5 && buffer.AsSpan(0, 5).SequenceEqual("+PONG"u8);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
