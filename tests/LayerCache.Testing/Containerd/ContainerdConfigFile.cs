using System.Text;

namespace LayerCache.Testing.Containerd;

/// <summary>
/// The config.toml (version 2) of a throwaway containerd: everything under one directory, the native
/// snapshotter for the CRI by default (it works on any filesystem, overlay-on-overlay does not; the end-to-end
/// site asks for overlayfs, as a kubelet node has), and registry hosts read from a certs.d directory so a test
/// registry on plain HTTP can be trusted per host.
/// </summary>
public static class ContainerdConfigFile
{
    // Snapshotters that need a kernel module or a device we do not have; disabling them keeps the log quiet.
    private static readonly string[] DisabledPlugins =
    [
        "io.containerd.snapshotter.v1.aufs",
        "io.containerd.snapshotter.v1.btrfs",
        "io.containerd.snapshotter.v1.devmapper",
        "io.containerd.snapshotter.v1.zfs",
    ];

    /// <summary>The CRI's snapshotter unless a test asks for another.</summary>
    public const string DefaultSnapshotter = "native";

    public static string Render(string directory, string socketPath, string certsDirectory, string snapshotter = DefaultSnapshotter)
    {
        var config = new StringBuilder();
        config.AppendLine("version = 2");
        config.AppendLine($"root = {Quote(Path.Combine(directory, "root"))}");
        config.AppendLine($"state = {Quote(Path.Combine(directory, "state"))}");
        config.AppendLine($"disabled_plugins = [{string.Join(", ", DisabledPlugins.Select(Quote))}]");
        config.AppendLine();
        config.AppendLine("[grpc]");
        config.AppendLine($"  address = {Quote(socketPath)}");
        config.AppendLine();
        config.AppendLine("[ttrpc]");
        config.AppendLine($"  address = {Quote(socketPath + ".ttrpc")}");
        config.AppendLine();
        config.AppendLine("[debug]");
        config.AppendLine("  level = \"info\"");
        config.AppendLine();
        config.AppendLine("[plugins.\"io.containerd.internal.v1.opt\"]");
        config.AppendLine($"  path = {Quote(Path.Combine(directory, "opt"))}");
        config.AppendLine();
        config.AppendLine("[plugins.\"io.containerd.grpc.v1.cri\"]");
        config.AppendLine("  [plugins.\"io.containerd.grpc.v1.cri\".containerd]");
        config.AppendLine($"    snapshotter = {Quote(snapshotter)}");
        config.AppendLine("  [plugins.\"io.containerd.grpc.v1.cri\".registry]");
        config.AppendLine($"    config_path = {Quote(certsDirectory)}");
        return config.ToString();
    }

    /// <summary>A certs.d hosts.toml that lets containerd pull from <paramref name="hostPort"/> over plain HTTP.</summary>
    public static string RenderPlainHttpHost(string hostPort)
    {
        var server = $"http://{hostPort}";
        return $"server = {Quote(server)}\n\n[host.{Quote(server)}]\n  capabilities = [\"pull\", \"resolve\"]\n";
    }

    /// <summary>A plain-HTTP registry whose blobs containerd asks <paramref name="mirrorUrl"/> for first (pull only: manifests still come from the registry).</summary>
    public static string RenderMirroredHost(string hostPort, string mirrorUrl)
    {
        var server = $"http://{hostPort}";
        return $"server = {Quote(server)}\n\n[host.{Quote(mirrorUrl)}]\n  capabilities = [\"pull\"]\n\n[host.{Quote(server)}]\n  capabilities = [\"pull\", \"resolve\"]\n";
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
