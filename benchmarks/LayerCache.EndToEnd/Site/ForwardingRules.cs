namespace LayerCache.EndToEnd.Site;

/// <summary>
/// What the host must allow for nodes to reach the cloud through it: IPv4 forwarding on, and iptables' FORWARD
/// chain accepting the site's links when its policy drops (a host with Docker has DROP).
/// </summary>
internal static class ForwardingRules
{
    private const string IpForwardPath = "/proc/sys/net/ipv4/ip_forward";
    private const string Iptables = "/usr/sbin/iptables";

    /// <summary>Where a run keeps the host's ip_forward from before it, so cleanup after a crash can put it back.</summary>
    public const string SavedIpForwardFile = "ip_forward.before";

    public static async Task EnableAsync(string runPath, CancellationToken cancellationToken)
    {
        var saved = Path.Combine(runPath, SavedIpForwardFile);
        if (!File.Exists(saved))
        {
            await File.WriteAllTextAsync(saved, File.ReadAllText(IpForwardPath).Trim(), cancellationToken).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(IpForwardPath, "1", cancellationToken).ConfigureAwait(false);
        if (!File.Exists(Iptables))
        {
            return;
        }

        var (exitCode, chain, _) = await HostCommand.TryRunAsync(Iptables, ["-S", "FORWARD"], cancellationToken).ConfigureAwait(false);
        if (exitCode == 0 && !chain.Contains("-P FORWARD ACCEPT", StringComparison.Ordinal))
        {
            foreach (var link in new[] { SiteNames.Bridge, SiteNames.WanLink })
            {
                await HostCommand.RunAsync(Iptables, ["-I", "FORWARD", "-i", link, "-j", "ACCEPT"], cancellationToken).ConfigureAwait(false);
                await HostCommand.RunAsync(Iptables, ["-I", "FORWARD", "-o", link, "-j", "ACCEPT"], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Puts ip_forward back as the run found it and drops every FORWARD rule naming a site link; never throws.</summary>
    public static async Task RestoreAsync(string runPath)
    {
        try
        {
            var saved = Path.Combine(runPath, SavedIpForwardFile);
            if (File.Exists(saved))
            {
                await File.WriteAllTextAsync(IpForwardPath, File.ReadAllText(saved).Trim()).ConfigureAwait(false);
                File.Delete(saved);
            }
        }
        catch (IOException)
        {
            // The run directory is half made or gone: nothing was changed.
        }

        await RemoveRulesAsync().ConfigureAwait(false);
    }

    public static async Task<int> RemoveRulesAsync()
    {
        if (!File.Exists(Iptables))
        {
            return 0;
        }

        var (exitCode, chain, _) = await HostCommand.TryRunAsync(Iptables, ["-S", "FORWARD"]).ConfigureAwait(false);
        var removed = 0;
        foreach (var rule in exitCode == 0 ? chain.Split('\n') : [])
        {
            if (rule.StartsWith("-A FORWARD ", StringComparison.Ordinal) && rule.Contains(SiteNames.Prefix, StringComparison.Ordinal))
            {
                var args = rule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                args[0] = "-D";
                removed += (await HostCommand.TryRunAsync(Iptables, args).ConfigureAwait(false)).ExitCode == 0 ? 1 : 0;
            }
        }

        return removed;
    }
}
