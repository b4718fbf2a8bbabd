using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LayerCache.LoadTest.Cluster;

/// <summary>
/// The coordinator: <c>dotnet layercache-coordinator.dll</c> built in Release (or the executable that
/// <c>LAYERCACHE_COORDINATOR</c> names), following a real Redis,
/// on a loopback port. Ready when its /readyz answers 200, which it does after the first full sync of its view.
/// </summary>
public sealed class CoordinatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private CoordinatorProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    /// <summary>Seconds from the process start to the first 200 of /readyz.</summary>
    public double ReadyAfterSeconds { get; private set; }

    /// <summary>What runs as the coordinator, for a report: the Release build, or the executable <c>LAYERCACHE_COORDINATOR</c> names.</summary>
    public static string Command =>
        Environment.GetEnvironmentVariable("LAYERCACHE_COORDINATOR") is { } executable
            ? $"{executable} (LAYERCACHE_COORDINATOR)"
            : "dotnet layercache-coordinator.dll";

    /// <param name="environment">Extra environment variables, such as runtime settings (<c>DOTNET_gcServer=1</c>).</param>
    public static async Task<CoordinatorProcess> StartAsync(string redisEndpoint, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        // LAYERCACHE_COORDINATOR names a published executable instead (self-contained or Native AOT, as an image ships it).
        var executable = Environment.GetEnvironmentVariable("LAYERCACHE_COORDINATOR");
        var program = executable ?? Path.Combine(RepositoryRoot.Path, "src/LayerCache.Coordinator/bin/Release/net10.0/layercache-coordinator.dll");
        if (!File.Exists(program))
        {
            throw new FileNotFoundException("build the coordinator first: dotnet build src/LayerCache.Coordinator -c Release", program);
        }

        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(executable ?? "dotnet")
        {
            ArgumentList = { "--redis", redisEndpoint, "--urls", $"http://127.0.0.1:{port}", "--Coordinator:GrpcPort=0", "--Coordinator:GrpcBindAddress=127.0.0.1" },
            WorkingDirectory = Path.GetDirectoryName(program)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (executable is null)
        {
            start.ArgumentList.Insert(0, program);
        }

        // publish.sh lays an image out as DIR/app/EXECUTABLE and DIR/appsettings.json, which the image reads as its content
        // root: the executable runs with those settings here too (without them it logs every request).
        if (executable is not null
            && Path.GetDirectoryName(Path.GetFullPath(executable)) is { } folder
            && !File.Exists(Path.Combine(folder, "appsettings.json"))
            && Path.GetDirectoryName(folder) is { } imageSettings
            && File.Exists(Path.Combine(imageSettings, "appsettings.json"))
            && Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is null)
        {
            start.Environment["DOTNET_CONTENTROOT"] = imageSettings;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        // Nothing of the load generator's own left running beside the coordinator's start, which is measured.
        await ProcessStat.WaitQuietAsync(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var coordinator = new CoordinatorProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        coordinator._process.OutputDataReceived += (_, e) => coordinator.Keep(e.Data);
        coordinator._process.ErrorDataReceived += (_, e) => coordinator.Keep(e.Data);
        coordinator._process.BeginOutputReadLine();
        coordinator._process.BeginErrorReadLine();
        await coordinator.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
        coordinator.ReadyAfterSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return coordinator;
    }

    /// <summary>User plus system CPU seconds the process has used (/proc/PID/stat).</summary>
    public double CpuSeconds() => ProcessStat.CpuSeconds(_process.Id);

    /// <summary>The value of one metric line of /metrics (no labels), such as <c>layercache_view_nodes</c>.</summary>
    public async Task<double> MetricAsync(string series, CancellationToken cancellationToken)
    {
        var text = await Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"/metrics has no {series}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the coordinator exited with {_process.ExitCode}:\n{string.Join('\n', _lastLines)}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // Often enough to time the start to a tenth of a second; more often, the probes themselves took the coordinator's CPU
            // from the sync being timed (a kubelet probes every few seconds).
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"the coordinator was not ready within {ReadyTimeout}:\n{string.Join('\n', _lastLines)}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
