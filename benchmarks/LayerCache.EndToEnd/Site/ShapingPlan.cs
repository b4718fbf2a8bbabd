using System.Globalization;

namespace LayerCache.EndToEnd.Site;

/// <summary>
/// The tc commands that give the site its LAN and uplink rates, as HTB classes (the kernel has neither netem nor
/// policing). Decides only; <see cref="EdgeSite.ShapeAsync"/> runs them.
/// </summary>
internal static class ShapingPlan
{
    private const string NodeDevice = "eth0";
    private const string WanClass = "1:10";
    private const string LanClass = "1:20";

    public static IReadOnlyList<ShapingCommand> For(SiteSettings settings)
    {
        var commands = new List<ShapingCommand>();
        for (var i = 0; i < settings.Nodes; i++)
        {
            var host = SiteNames.NodeLink(i);
            var node = SiteNames.NodeNamespace(i);
            if (settings.Wan == WanMode.Shared)
            {
                commands.AddRange(SingleRate(null, host, settings.LanMbit));
                commands.AddRange(SingleRate(node, NodeDevice, settings.LanMbit));
            }
            else
            {
                // Toward the node, what comes from the cloud is its own uplink; the rest is LAN.
                commands.AddRange(TwoRates(null, host, settings, "src"));
                commands.AddRange(TwoRates(node, NodeDevice, settings, "dst"));
            }
        }

        if (settings.Wan == WanMode.Shared)
        {
            // One class each way on the uplink itself: every node's downloads share it.
            commands.AddRange(SingleRate(SiteNames.CloudNamespace, NodeDevice, settings.WanMbit));
            commands.AddRange(SingleRate(null, SiteNames.WanLink, settings.WanMbit));
        }

        return commands;
    }

    private static IEnumerable<ShapingCommand> SingleRate(string? ns, string device, int mbit)
    {
        yield return new ShapingCommand(ns, ["qdisc", "replace", "dev", device, "root", "handle", "1:", "htb", "default", "20"]);
        yield return Class(ns, device, LanClass, mbit);
    }

    private static IEnumerable<ShapingCommand> TwoRates(string? ns, string device, SiteSettings settings, string cloudSide)
    {
        yield return new ShapingCommand(ns, ["qdisc", "replace", "dev", device, "root", "handle", "1:", "htb", "default", "20"]);
        yield return Class(ns, device, WanClass, settings.WanMbit);
        yield return Class(ns, device, LanClass, settings.LanMbit);
        yield return new ShapingCommand(ns,
            ["filter", "add", "dev", device, "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip", cloudSide, SiteNames.WanSubnet, "flowid", WanClass]);
    }

    private static ShapingCommand Class(string? ns, string device, string classId, int mbit)
    {
        var burst = Burst(mbit).ToString(CultureInfo.InvariantCulture);
        return new ShapingCommand(ns,
        [
            "class", "replace", "dev", device, "parent", "1:", "classid", classId, "htb",
            "rate", $"{mbit}mbit", "ceil", $"{mbit}mbit", "burst", burst, "cburst", burst, "quantum", Quantum.ToString(CultureInfo.InvariantCulture),
        ]);
    }

    /// <summary>A fixed quantum: the default (rate / r2q) is out of range at 1 Gbit and only matters between siblings.</summary>
    public const int Quantum = 15140;

    /// <summary>Bytes a class may send at once: 4 ms of its rate so timer granularity does not cap 1 Gbit, at least one 64 KiB GSO packet.</summary>
    public static int Burst(int mbit) => Math.Max(64 * 1024, (int)(mbit * 1_000_000L / 8 / 250));
}
