using System.Diagnostics;
using System.Text;
using LayerCache.Testing.Registry;
using StackExchange.Redis;
using Xunit;

namespace LayerCache.Testing.Redis;

/// <summary>
/// A real <c>redis-server</c> on 127.0.0.1 with a free port, no persistence (<c>--save '' --appendonly no</c>) and its
/// working directory in a temp folder. <see cref="StopAsync"/> and <see cref="StartAsync"/> take it down and bring it
/// back on the same port, empty, to play a Redis outage or a restart that lost everything.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public const string Executable = "redis-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly StringBuilder _log = new();
    private Process? _process;

    public RedisFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "layercache-redis-" + Guid.NewGuid().ToString("N")[..12]);
    }

    public string Directory { get; }

    /// <summary>More arguments for <c>redis-server</c> (<c>--aclfile FILE</c>, say), given before it starts.</summary>
    public IList<string> Arguments { get; } = [];

    public int Port { get; private set; }

    /// <summary>"127.0.0.1:PORT", a StackExchange.Redis endpoint.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

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
    /// Options for a client of this server: it does not give up when the server is down at connect time and
    /// reconnects when it returns, with short timeouts so outage tests fail fast.
    /// </summary>
    public ConfigurationOptions CreateOptions() => new()
    {
        EndPoints = { Endpoint },
        AbortOnConnectFail = false,
        ConnectTimeout = 2_000,
        SyncTimeout = 2_000,
        AsyncTimeout = 2_000,
        ConnectRetry = 1,
        ReconnectRetryPolicy = new LinearRetry(100),
    };

    public async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions? options = null) =>
        await ConnectionMultiplexer.ConnectAsync(options ?? CreateOptions()).ConfigureAwait(false);

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Port = FreePort.Find();
        await StartAsync().ConfigureAwait(false);
    }

    /// <summary>Starts the server on <see cref="Port"/> (again, after <see cref="StopAsync"/>: empty).</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--save", "", "--appendonly", "no", "--dir", Directory, "--daemonize", "no", "--logfile", "",
                "--protected-mode", "yes",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        process.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"redis-server exited:\n{Log}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await ready.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"redis-server did not get ready within {StartTimeout}:\n{Log}");
        }
    }

    /// <summary>Kills the server; with no persistence, whatever it held is gone.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
        process.Dispose();
    }

    /// <summary>Stops and starts the server on the same port: a restart that lost every key.</summary>
    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await StartAsync().ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
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
