using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LayerCache.Cli.Commands;

/// <summary>
/// Runs the trace-driven simulator (<c>layercache-sim</c>, benchmarks/LayerCache.Simulator) as a process of its own, so
/// that the command stays a thin client and the simulator's engine stays where it is measured. Its progress lines
/// ("[  5.0s] POLICY: 37% of 125000 requests placed, ...") are read from standard error as they come.
/// </summary>
internal sealed partial class SimulatorRun(string executable)
{
    public const string Variable = "LAYERCACHE_SIMULATOR";

    public const string Name = "layercache-sim";

    /// <summary>The simulator named by <paramref name="given"/>, the environment, beside this executable, or on the PATH.</summary>
    public static SimulatorRun Find(string? given)
    {
        var named = given ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : null);
        if (named is not null)
        {
            return File.Exists(named)
                ? new SimulatorRun(Path.GetFullPath(named))
                : throw new CliError(ExitCodes.Usage, $"no simulator at {named}: pass the path of {Name} to --simulator or {Variable}");
        }

        var candidates = new[] { AppContext.BaseDirectory }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            .SelectMany(d => new[] { Path.Combine(d, Name), Path.Combine(d, Name + ".dll") });
        return candidates.FirstOrDefault(File.Exists) is { } found
            ? new SimulatorRun(found)
            : throw new CliError(ExitCodes.Usage, $"cannot find {Name} beside layercache or on the PATH: pass its path to --simulator or {Variable} (dotnet publish benchmarks/LayerCache.Simulator)");
    }

    /// <summary>
    /// Runs the simulator with <paramref name="arguments"/>; <paramref name="progress"/> gets each policy's share of
    /// requests placed, <paramref name="note"/> every other line it writes on standard error. Returns its exit code,
    /// its standard output, and its error (the line it starts with its name).
    /// </summary>
    public async Task<(int ExitCode, string Output, string? LastError)> RunAsync(
        IReadOnlyList<string> arguments, Action<string, double> progress, Action<string> note, CancellationToken cancellationToken)
    {
        var start = executable.EndsWith(".dll", StringComparison.Ordinal)
            ? new ProcessStartInfo("dotnet") { ArgumentList = { executable } }
            : new ProcessStartInfo(executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new CliError(ExitCodes.Usage, $"could not start {executable}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        string? lastError = null;
        try
        {
            while (await process.StandardError.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (ProgressLine().Match(line) is { Success: true } m)
                {
                    progress(m.Groups["policy"].Value, double.Parse(m.Groups["percent"].Value, CultureInfo.InvariantCulture));
                }
                else if (line.StartsWith(Name + ": ", StringComparison.Ordinal))
                {
                    // Its own error: the caller words it once, in its own line.
                    lastError = line[(Name.Length + 2)..];
                }
                else if (line.Length > 0)
                {
                    note(line);
                }
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output.ConfigureAwait(false), lastError);
    }

    [GeneratedRegex(@"^\[\s*[0-9.]+s\] (?<policy>[^:]+): (?<percent>[0-9]+)% of [0-9]+ requests placed")]
    private static partial Regex ProgressLine();

    /// <summary>The simulator's CSV (one row a policy) as a JSON array of objects: finite numbers as numbers, empty fields null.</summary>
    public static string CsvToJson(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines.Length > 0 ? lines[0].Split(',') : [];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in lines.Skip(1).Select(l => l.Split(',')))
            {
                json.WriteStartObject();
                for (var i = 0; i < header.Length && i < row.Length; i++)
                {
                    if (row[i].Length == 0)
                    {
                        json.WriteNull(header[i]);
                    }
                    else if (double.TryParse(row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                    {
                        json.WriteNumber(header[i], number);
                    }
                    else
                    {
                        json.WriteString(header[i], row[i]);
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
