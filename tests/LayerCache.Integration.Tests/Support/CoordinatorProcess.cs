using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LayerCache.Integration.Tests.Support;

/// <summary>
/// The layercache-coordinator executable in a process of its own, so a test can kill it (SIGKILL) the way a node
/// failure or the OOM killer does: no graceful stop, no lock released.
/// </summary>
public sealed class CoordinatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly string _directory;

    private CoordinatorProcess(Process process, string directory, Uri address, HttpMessageHandler? handler)
    {
        _process = process;
        _directory = directory;
        Http = handler is null ? new HttpClient { BaseAddress = address } : new HttpClient(handler) { BaseAddress = address };
    }

    public HttpClient Http { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static Task<CoordinatorProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        return StartAsync(settings, address.ToString().TrimEnd('/'), address);
    }

    /// <summary>
    /// Listening on <paramref name="urls"/> (as <c>--urls</c> takes them); ready once <paramref name="address"/>
    /// answers <c>/readyz</c>, through <paramref name="handler"/> when given (a client that trusts a test CA).
    /// </summary>
    public static async Task<CoordinatorProcess> StartAsync(
        IReadOnlyDictionary<string, string?> settings, string urls, Uri address, HttpMessageHandler? handler = null)
    {
        // An empty content root: no appsettings.json is read, only what is passed here.
        var directory = Directory.CreateTempSubdirectory("layercache-coordinator-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "layercache-coordinator.dll"), "--urls", urls, "--contentRoot", directory,
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = directory,
        };
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start layercache-coordinator");
        var coordinator = new CoordinatorProcess(process, directory, address, handler);
        process.OutputDataReceived += (_, e) => coordinator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => coordinator.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        while (!await coordinator.IsReadyAsync())
        {
            if (process.HasExited || started.Elapsed > TimeSpan.FromSeconds(30))
            {
                var log = coordinator.Log;
                await coordinator.DisposeAsync();
                throw new TimeoutException($"the coordinator process did not get ready:\n{log}");
            }

            await Task.Delay(50);
        }

        return coordinator;
    }

    /// <summary>SIGKILL: the process ends at once, without running any of its shutdown code.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty temp folder is harmless.
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri("/readyz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
