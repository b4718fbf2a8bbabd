using System.Globalization;
using LayerCache.Testing.Processes;

namespace LayerCache.Testing.Containerd;

/// <summary>
/// containerd's own client, <c>ctr</c>, on a test containerd: importing an OCI archive and running a container from it
/// as the kubelet would (host network, read-only root, the mounts of the manifests), then removing all of it.
/// </summary>
/// <param name="snapshotter">The snapshotter the test containerd's CRI uses (<see cref="ContainerdConfigFile"/>); ctr is told the same.</param>
public sealed class Ctr(string socket, string ns, string snapshotter = ContainerdConfigFile.DefaultSnapshotter)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public string Snapshotter => snapshotter;

    /// <summary>
    /// <c>capabilities: drop: ["ALL"]</c> of the manifests: ctr takes no "ALL", so each capability containerd's default
    /// spec gives a container is dropped by name (the tests check that none is left).
    /// </summary>
    public static IEnumerable<string> DropAllCapabilities { get; } =
        new[]
        {
            "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP",
            "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE",
        }.SelectMany(c => new[] { "--cap-drop", "CAP_" + c });

    /// <summary>
    /// What both manifests ask of a container, on the host's network: no capability, a read-only root, the settings
    /// folder mounted at /etc/layercache (the images' DOTNET_CONTENTROOT) and /tmp writable (their emptyDir).
    /// </summary>
    public static IEnumerable<string> AsTheManifestsRunIt(string settings) =>
    [
        "--net-host", "--read-only", .. DropAllCapabilities,
        "--mount", $"type=bind,src={settings},dst=/etc/layercache,options=rbind:ro",
        "--mount", "type=tmpfs,src=tmpfs,dst=/tmp,options=nosuid:nodev:mode=1777",
    ];

    public Task<string> RunAsync(params string[] arguments) =>
        Command.SucceedAsync("ctr", ["--address", socket, "--namespace", ns, .. arguments], Timeout);

    public Task ImportAsync(string archive) => RunAsync("images", "import", "--snapshotter", Snapshotter, archive);

    /// <summary>Starts <paramref name="image"/> as container <paramref name="id"/>, detached, its output in <paramref name="log"/>.</summary>
    public Task StartAsync(string id, string image, string log, IEnumerable<string> options) =>
        RunAsync(["run", "--detach", "--snapshotter", Snapshotter, "--log-uri", "file://" + log, .. options, image, id]);

    /// <summary>The host PID of the container's task, while it runs.</summary>
    public async Task<int?> PidAsync(string id)
    {
        foreach (var line in (await RunAsync("tasks", "list")).Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is [var task, var pid, "RUNNING"] && task == id)
            {
                return int.Parse(pid, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Kills and deletes the task, then the container; either may already be gone.</summary>
    public async Task RemoveAsync(string id)
    {
        await Command.RunAsync("ctr", ["--address", socket, "--namespace", ns, "tasks", "delete", "--force", id], Timeout);
        await Command.RunAsync("ctr", ["--address", socket, "--namespace", ns, "containers", "delete", id], Timeout);
    }
}
