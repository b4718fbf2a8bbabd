using System.Diagnostics;
using System.Text.Json.Nodes;
using LayerCache.EndToEnd.Images;

namespace LayerCache.EndToEnd.Tests.Images;

/// <summary>An OCI bundle in a temp directory whose root file system holds only the start program, run by the machine's runc.</summary>
internal sealed class RuncBundle(byte[] startProgram) : IDisposable
{
    private const string Runc = "/usr/sbin/runc";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lc-e2e-bundle-" + Guid.NewGuid().ToString("N")[..12]);

    public string Id { get; } = "lc-e2e-" + Guid.NewGuid().ToString("N")[..12];

    public async Task CreateAsync()
    {
        var rootfs = Path.Combine(_directory, "rootfs");
        Directory.CreateDirectory(rootfs);
        var program = Path.Combine(rootfs, StartProgram.PathInImage.TrimStart('/'));
        await File.WriteAllBytesAsync(program, startProgram);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(program, (UnixFileMode)0b111_101_101);
        }

        await RunAsync("spec");
        var configPath = Path.Combine(_directory, "config.json");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(configPath))!;
        config["process"]!["args"] = new JsonArray(StartProgram.PathInImage);
        config["process"]!["terminal"] = false;
        await File.WriteAllTextAsync(configPath, config.ToJsonString());
    }

    // Detached with its stdio on files: a pipe kept open by the container would block reading runc's output.
    public async Task RunDetachedAsync()
    {
        var log = Path.Combine(_directory, "run.log");
        try
        {
            await RunAsync("/bin/sh", "-c", $"exec {Runc} run -d --bundle {_directory} {Id} </dev/null >{log} 2>&1");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"runc run failed: {await File.ReadAllTextAsync(log)}", e);
        }
    }

    public async Task<string?> StatusAsync()
    {
        var state = JsonNode.Parse(await RunAsync(Runc, "state", Id))!;
        return state["status"]?.GetValue<string>();
    }

    public async Task KillAndDeleteAsync()
    {
        await RunAsync(Runc, ["kill", Id, "KILL"], mustSucceed: false);
        await RunAsync(Runc, ["delete", "-f", Id], mustSucceed: false);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail the test.
        }
    }

    private Task<string> RunAsync(string runcCommand) => RunAsync(Runc, [runcCommand], mustSucceed: true, _directory);

    private static Task<string> RunAsync(string file, params string[] arguments) => RunAsync(file, arguments, mustSucceed: true);

    private static async Task<string> RunAsync(string file, string[] arguments, bool mustSucceed, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (mustSucceed && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
