using System.Diagnostics;
using System.Net;

namespace LayerCache.AgentBenchmarks.Node;

/// <summary>
/// The real agent, <c>dotnet layercache-agent.dll</c> or its Native AOT binary, as a separate process on a loopback
/// port with the given settings and environment (runtime knobs such as <c>DOTNET_gcServer</c>). Killed on dispose.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private AgentProcess(Process process, Uri address)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Pid => _process.Id;

    public static AgentProcess Start(string socketPath, IReadOnlyDictionary<string, string> environment, params string[] settings) =>
        Start(socketPath, environment, native: false, settings);

    public static AgentProcess Start(string socketPath, IReadOnlyDictionary<string, string> environment, bool native, params string[] settings)
    {
        if (native)
        {
            RepositoryPaths.RequireNative();
        }

        var port = LoopbackPort.Find();
        var start = new ProcessStartInfo(native ? RepositoryPaths.AgentNative : "dotnet")
        {
            ArgumentList =
            {
                $"--Agent:ContainerdSocket={socketPath}",
                $"--Agent:ContainerdRoot={Path.GetDirectoryName(socketPath)}",
                "--Agent:Namespace=k8s.io",
                "--Agent:NodeName=bench",
                "--urls", $"http://127.0.0.1:{port}",
            },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (!native)
        {
            start.ArgumentList.Insert(0, RepositoryPaths.AgentDll);
        }

        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the agent.");

        // Drain the log so the agent never blocks on a full pipe; the benchmark does not need it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AgentProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Polls /readyz until 200; returns the time since this call.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The agent exited with {_process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await _http.GetAsync("readyz", cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return started.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The agent was not ready within {timeout.TotalSeconds} s.");
    }

    public Task<string> MetricsAsync(CancellationToken cancellationToken) => _http.GetStringAsync("metrics", cancellationToken);

    public ProcessSample Sample() => ProcessSample.Read(_process.Id);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
