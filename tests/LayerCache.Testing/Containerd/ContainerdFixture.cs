using System.Diagnostics;
using Grpc.Core;
using LayerCache.Containerd;
using Xunit;

namespace LayerCache.Testing.Containerd;

/// <summary>
/// A real containerd (the host's <c>/usr/bin/containerd</c>, run as root) with its own root, state, socket and
/// config in a temporary directory. It can be killed and started again on the same root, as a node's
/// containerd restarts under a running agent. Garbage collection keeps its defaults; <see cref="CollectGarbageAsync"/>
/// runs one collection synchronously.
/// </summary>
public sealed class ContainerdFixture : IAsyncLifetime, IDisposable
{
    private const string ContainerdPath = "/usr/bin/containerd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private Process? _process;

    public ContainerdFixture()
        : this(ContainerdConfigFile.DefaultSnapshotter)
    {
    }

    // One public constructor: xunit makes class fixtures only of a type that has exactly one.
    private ContainerdFixture(string snapshotter)
    {
        Snapshotter = snapshotter;
        Directory = System.IO.Directory.CreateTempSubdirectory("layercache-containerd-").FullName;
        SocketPath = Path.Combine(Directory, "containerd.sock");
        CertsDirectory = Path.Combine(Directory, "certs.d");
        ConfigPath = Path.Combine(Directory, "config.toml");
        LogPath = Path.Combine(Directory, "containerd.log");
        System.IO.Directory.CreateDirectory(CertsDirectory);
        File.WriteAllText(ConfigPath, ContainerdConfigFile.Render(Directory, SocketPath, CertsDirectory, snapshotter));
    }

    public string Directory { get; }

    /// <summary>A containerd whose CRI pulls into <paramref name="snapshotter"/> (overlayfs as on a kubelet node; native works on any filesystem).</summary>
    public static ContainerdFixture WithSnapshotter(string snapshotter) => new(snapshotter);

    /// <summary>The CRI plugin's snapshotter.</summary>
    public string Snapshotter { get; }

    public string SocketPath { get; }

    public string CertsDirectory { get; }

    public string ConfigPath { get; }

    /// <summary>containerd's stdout and stderr, appended across restarts.</summary>
    public string LogPath { get; }

    public string Namespace { get; init; } = ContainerdClientOptions.KubernetesNamespace;

    public bool IsRunning => _process is { HasExited: false };

    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts containerd and waits until it answers Version.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("containerd is already running.");
        }

        // A killed containerd leaves its socket behind; a new one would refuse to bind it.
        File.Delete(SocketPath);
        File.Delete(SocketPath + ".ttrpc");
        _process = Process.Start(new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", $"exec {ContainerdPath} --config '{ConfigPath}' >>'{LogPath}' 2>&1" },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not start {ContainerdPath}.");

        await WaitUntilAnswersAsync(cancellationToken);
    }

    /// <summary>SIGKILL, as a crash or an OOM kill would end it; the root and state stay.</summary>
    public void Kill()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Stops containerd (SIGKILL: nothing it holds needs a graceful shutdown in tests).</summary>
    public Task StopAsync()
    {
        Kill();
        return Task.CompletedTask;
    }

    public ContainerdClient CreateClient(Action<ContainerdClientOptions>? configure = null)
    {
        var options = new ContainerdClientOptions
        {
            SocketPath = SocketPath,
            Namespace = Namespace,
            ReconnectGiveUpAfter = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(options);
        return new ContainerdClient(options);
    }

    /// <summary>Lets containerd's CRI pull from a registry on plain HTTP at <paramref name="hostPort"/> (e.g. 127.0.0.1:5000).</summary>
    public void TrustPlainHttpRegistry(string hostPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostPort);
        var hostDirectory = Path.Combine(CertsDirectory, hostPort);
        System.IO.Directory.CreateDirectory(hostDirectory);
        File.WriteAllText(Path.Combine(hostDirectory, "hosts.toml"), ContainerdConfigFile.RenderPlainHttpHost(hostPort));
    }

    /// <summary>Has containerd ask <paramref name="mirrorUrl"/> for the plain-HTTP registry's blobs before the registry itself.</summary>
    public void MirrorPlainHttpRegistry(string hostPort, string mirrorUrl)
    {
        var hostDirectory = Path.Combine(CertsDirectory, hostPort);
        System.IO.Directory.CreateDirectory(hostDirectory);
        File.WriteAllText(Path.Combine(hostDirectory, "hosts.toml"), ContainerdConfigFile.RenderMirroredHost(hostPort, mirrorUrl));
    }

    /// <summary>
    /// Runs one garbage collection and waits for it: deleting a lease with <c>sync</c> makes containerd collect
    /// before it answers (1.6 has no API that only collects).
    /// </summary>
    public async Task CollectGarbageAsync(CancellationToken cancellationToken = default)
    {
        using var client = CreateClient();
        var lease = await client.CreateLeaseAsync("layercache-gc-" + Guid.NewGuid().ToString("N"), cancellationToken: cancellationToken);
        await client.DeleteLeaseAsync(lease.Id, synchronousGc: true, cancellationToken);
    }

    /// <summary>The last lines of containerd's log, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        if (!File.Exists(LogPath))
        {
            return "(no log)";
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Kill();
        MountCleanup.UnmountUnder(Directory);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A mount we could not undo; the directory stays in /tmp rather than failing the run.
        }
    }

    private async Task WaitUntilAnswersAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        using var client = CreateClient();
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"containerd exited with code {_process?.ExitCode} while starting. Log:\n{LogTail()}");
            }

            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                attempt.CancelAfter(TimeSpan.FromSeconds(2));
                await client.Connection.WaitUntilConnectedAsync(attempt.Token);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (timeout.IsCancellationRequested)
                {
                    throw new TimeoutException($"containerd did not answer on {SocketPath} within {StartTimeout.TotalSeconds} s. Log:\n{LogTail()}");
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !cancellationToken.IsCancellationRequested)
            {
                if (timeout.IsCancellationRequested)
                {
                    throw new TimeoutException($"containerd did not answer on {SocketPath} within {StartTimeout.TotalSeconds} s. Log:\n{LogTail()}");
                }
            }
        }
    }
}
