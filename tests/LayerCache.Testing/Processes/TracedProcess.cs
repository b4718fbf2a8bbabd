using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LayerCache.Testing.Processes;

/// <summary>
/// A command run under <c>strace</c> (its socket, bind and listen calls, through seccomp so it runs at nearly full speed)
/// and <c>/usr/bin/time</c> (its own user and system CPU time): for tests that a command starts nothing and costs
/// little, which hold on a busy machine where wall time does not.
/// </summary>
public sealed class TracedProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    private TracedProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What the command has written to stdout so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private string TracePath => Path.Combine(_directory, "strace.txt");

    private string TimePath => Path.Combine(_directory, "time.txt");

    public static TracedProcess Start(string file, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var directory = Directory.CreateTempSubdirectory("layercache-trace-").FullName;
        var start = new ProcessStartInfo("strace")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-f", "--seccomp-bpf", "-qq", "-e", "trace=socket,bind,listen", "-o", Path.Combine(directory, "strace.txt"),
            "--", "/usr/bin/time", "-f", "%U %S", "-o", Path.Combine(directory, "time.txt"), file])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new TracedProcess(Process.Start(start) ?? throw new InvalidOperationException("strace did not start"), directory);
    }

    /// <summary>Runs <paramref name="file"/> to its end (at most <paramref name="timeout"/>, then it is killed and the test fails).</summary>
    public static async Task<TracedExit> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var traced = Start(file, arguments);
        return await traced.WaitForExitAsync(timeout);
    }

    /// <summary>Waits for the command to end by itself; after <paramref name="timeout"/> it is killed and this throws.</summary>
    public async Task<TracedExit> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{_process.StartInfo.ArgumentList.Last()} did not exit within {timeout.TotalSeconds} s; stdout: {Output}");
        }

        return Exit();
    }

    /// <summary>Kills the command (and strace) and reports what it did until then.</summary>
    public async Task<TracedExit> KillAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        return Exit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    private TracedExit Exit()
    {
        // Asynchronous reads deliver their last lines only once this returns.
        _process.WaitForExit();
        _wall.Stop();
        string error;
        lock (_error)
        {
            error = _error.ToString();
        }

        return new TracedExit(_process.ExitCode, Output, error, CpuTime(), _wall.Elapsed, SocketTrace.InetPortCalls(File.Exists(TracePath) ? File.ReadAllLines(TracePath) : []));
    }

    /// <summary>User plus system seconds, from time's last line ("Command exited with non-zero status N" may come first).</summary>
    private TimeSpan CpuTime()
    {
        var last = File.Exists(TimePath) ? File.ReadAllLines(TimePath).LastOrDefault(l => l.Length > 0) : null;
        var parts = last?.Split(' ');
        return parts is [var user, var system]
            && double.TryParse(user, NumberStyles.Float, CultureInfo.InvariantCulture, out var u)
            && double.TryParse(system, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                ? TimeSpan.FromSeconds(u + s)
                : TimeSpan.MaxValue;
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.Append(line).Append('\n');
        }
    }
}
