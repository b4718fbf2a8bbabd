using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LayerCache.Testing.Registry;
using LayerCache.Testing.Waiting;

namespace LayerCache.Testing.Prometheus;

/// <summary>
/// A real <c>prometheus</c> (Debian's package) on 127.0.0.1 with a free port, its configuration, rule files and TSDB
/// in a temp folder of its own, queried over its HTTP API. Disposing kills it and removes the folder.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "prometheus";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _log = new();
    private readonly Process _process;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public string Directory { get; }

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

    /// <summary>
    /// Starts Prometheus with <paramref name="configuration"/> as prometheus.yml and <paramref name="files"/> (name, text)
    /// beside it (rule files), and waits until it is ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string configuration, IReadOnlyDictionary<string, string>? files = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "layercache-prometheus-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), configuration).ConfigureAwait(false);
        foreach (var (name, text) in files ?? new Dictionary<string, string>())
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name), text).ConfigureAwait(false);
        }

        var port = FreePort.Find();
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                "--config.file=" + Path.Combine(directory, "prometheus.yml"),
                "--storage.tsdb.path=" + Path.Combine(directory, "data"),
                "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        var server = new PrometheusServer(process, directory, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Until.HoldsAsync(server.IsReadyAsync, StartTimeout, "prometheus did not get ready").ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{e.Message}:\n{server.Log}", e);
        }

        return server;
    }

    /// <summary>The result vector of an instant query (<c>data.result</c>); throws with Prometheus' error when it refuses the query.</summary>
    public async Task<JsonElement> QueryAsync(string expression)
    {
        using var response = await Http.GetAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(expression), UriKind.Relative)).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"prometheus refused `{expression}`: {body}");
        }

        return body.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>The scrape targets' health by job and the last scrape error, as /api/v1/targets reports them.</summary>
    public async Task<string> TargetsAsync() =>
        await Http.GetStringAsync(new Uri("/api/v1/targets", UriKind.Relative)).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
        Http.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}");
        }

        try
        {
            using var response = await Http.GetAsync(new Uri("/-/ready", UriKind.Relative)).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
