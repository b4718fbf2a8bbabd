using System.Diagnostics;
using System.Text;

namespace LayerCache.Testing.Registry;

/// <summary>
/// A real <c>docker-registry</c> (distribution v2) process on 127.0.0.1 with filesystem storage in a temp directory.
/// Its log (stderr, and the access log on stdout) is kept in memory for failure messages.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    public const string Executable = "/usr/bin/docker-registry";

    private readonly StringBuilder _log = new();
    private Process? _process;

    public RegistryProcess(string directory, string? authSection = null)
    {
        Directory = directory;
        AuthSection = authSection;
    }

    public string Directory { get; }

    public string? AuthSection { get; }

    public int Port { get; private set; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

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

    public async Task StartAsync(TimeSpan timeout)
    {
        Port = FreePort.Find();
        var config = Path.Combine(Directory, "config.yml");
        await File.WriteAllTextAsync(config, Config()).ConfigureAwait(false);
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "serve", config },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await WaitUntilServingAsync(timeout).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process?.Dispose();
    }

    private string Config()
    {
        var storage = Path.Combine(Directory, "storage");
        var yaml = $"""
            version: 0.1
            log:
              level: info
              formatter: text
            storage:
              filesystem:
                rootdirectory: {storage}
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{Port}
              secret: layercache-test-secret

            """;
        return AuthSection is null ? yaml : yaml + AuthSection;
    }

    // GET /v2/ answers 200 anonymously, or 401 with a challenge when token auth is on: either means it serves.
    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "/v2/")).ConfigureAwait(false);
                if (response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"docker-registry did not answer GET /v2/ within {timeout}:\n{Log}");
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
