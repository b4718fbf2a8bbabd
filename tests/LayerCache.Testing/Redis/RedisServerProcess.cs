using LayerCache.Testing.Registry;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LayerCache.Testing.Redis;

/// <summary>
/// One <c>redis-server</c> process on 127.0.0.1, with no persistence (<c>--save '' --appendonly no</c>) and its working
/// directory in <see cref="Directory"/>; ready once it says it accepts connections. The fixtures own one or more.
/// </summary>
public sealed class RedisServerProcess(string directory, int port)
{
    public const string Executable = "redis-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly StringBuilder _log = new();
    private Process? _process;

    public string Directory { get; } = directory;

    public int Port { get; } = port;

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
    /// Starts a server in <paramref name="directory"/> on a free port, with the arguments <paramref name="arguments"/>
    /// makes for that attempt. A free port is found and then bound by another process, so another test can take it
    /// in between: a start that fails because an address is in use is tried again on fresh ports, twice at most; any
    /// other failure is thrown at once.
    /// </summary>
    public static Task<RedisServerProcess> StartOnFreePortAsync(string directory, Func<IEnumerable<string>> arguments) =>
        StartOnFreePortAsync(directory, arguments, FreePort.Find);

    /// <summary>As <see cref="StartOnFreePortAsync(string, Func{IEnumerable{string}})"/>, each attempt on the port <paramref name="ports"/> gives.</summary>
    public static async Task<RedisServerProcess> StartOnFreePortAsync(string directory, Func<IEnumerable<string>> arguments, Func<int> ports)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServerProcess(directory, ports());
            var used = arguments().ToList();
            try
            {
                await server.StartAsync(used).ConfigureAwait(false);
                server.StartArguments = used;
                return server;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                // Nothing of the failed start is kept: a cluster node's config would name the port it could not have.
                await server.StopAsync().ConfigureAwait(false);
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>The arguments <see cref="StartOnFreePortAsync(string, Func{IEnumerable{string}}, Func{int})"/> started the server with, to start it again alike.</summary>
    public IReadOnlyList<string> StartArguments { get; private set; } = [];

    /// <summary>Starts the server on <see cref="Port"/> with <paramref name="arguments"/> after the common ones.</summary>
    public async Task StartAsync(IEnumerable<string> arguments)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        System.IO.Directory.CreateDirectory(Directory);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture),
                "--save", "", "--appendonly", "no", "--dir", Directory, "--daemonize", "no", "--logfile", "",
                "--protected-mode", "yes",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var argument in arguments)
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
        process.Exited += (_, _) =>
        {
            // The exit can be told before the last lines are read; the message must carry them ("Address already in
            // use" decides whether a start is tried again on another port), so the output is read to its end first.
            process.WaitForExit();
            ready.TrySetException(new InvalidOperationException($"redis-server exited:\n{Log}"));
        };
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
