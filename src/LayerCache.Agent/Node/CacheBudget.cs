using System.Diagnostics.CodeAnalysis;

namespace LayerCache.Agent.Node;

/// <summary>
/// The bytes of layers the watermarks are taken of: <see cref="AgentOptions.CacheBudgetBytes"/> when set, else
/// <see cref="FilesystemShare"/> of the size of the filesystem that holds <see cref="AgentOptions.ContainerdRoot"/>.
/// </summary>
public static class CacheBudget
{
    /// <summary>
    /// A quarter. The budget counts compressed blobs, but the filesystem also holds each pulled image's layers unpacked
    /// (snapshots, commonly two to three times the compressed bytes) and the containers' own writes. With a quarter, a
    /// node whose layers are all unpacked reaches the default high watermark (80% of the budget) at about
    /// 20% x (1 + 3) = 80% of the disk: below the kubelet's image GC threshold (85%), so the agent's policy acts first.
    /// </summary>
    public const double FilesystemShare = 0.25;

    /// <summary>The budget; a missing or unreadable <see cref="AgentOptions.ContainerdRoot"/> is the validator's to report.</summary>
    public static long Resolve(AgentOptions options) =>
        TryResolve(options, out var bytes, out var error) ? bytes : throw new InvalidOperationException(error);

    public static bool TryResolve(AgentOptions options, out long bytes, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        error = null;
        if (options.CacheBudgetBytes is { } set)
        {
            bytes = set;
            return true;
        }

        var root = options.ContainerdRoot;
        bytes = 0;
        try
        {
            if (!Directory.Exists(root))
            {
                error = $"Agent:ContainerdRoot '{root}' does not exist: mount containerd's root directory into the agent at that path, or set Agent:CacheBudgetBytes";
                return false;
            }

            bytes = (long)(new DriveInfo(root).TotalSize * FilesystemShare);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error = $"Agent:ContainerdRoot '{root}' cannot be read ({e.Message}): give the agent read access to it, or set Agent:CacheBudgetBytes";
            return false;
        }

        if (bytes <= 0)
        {
            error = $"Agent:ContainerdRoot '{root}' is on a filesystem of size 0: set Agent:CacheBudgetBytes";
            return false;
        }

        return true;
    }
}
