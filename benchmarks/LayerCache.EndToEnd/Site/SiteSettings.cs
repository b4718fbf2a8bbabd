namespace LayerCache.EndToEnd.Site;

/// <summary>The shape of one edge site: how many nodes, and how fast its LAN and uplink are.</summary>
internal sealed record SiteSettings
{
    /// <summary>Node addresses are 10.231.0.11 and up in a /24, and link names must stay within 15 characters.</summary>
    public const int MaxNodes = 200;

    public int Nodes { get; init; } = 4;

    public WanMode Wan { get; init; } = WanMode.Shared;

    public int WanMbit { get; init; } = 100;

    /// <summary>One-way delay added to data coming down the uplink (by <see cref="DelayRelay"/>: the kernel has no netem).</summary>
    public int WanDelayMs { get; init; } = 20;

    public int LanMbit { get; init; } = 1000;

    /// <summary>Every problem with these settings, in one line each; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Nodes < 1 || Nodes > MaxNodes)
        {
            problems.Add($"Nodes must be between 1 and {MaxNodes} (was {Nodes})");
        }

        if (!Enum.IsDefined(Wan))
        {
            problems.Add($"Wan must be Shared or PerNode (was {(int)Wan})");
        }

        if (WanMbit < 1 || WanMbit > 100_000)
        {
            problems.Add($"WanMbit must be between 1 and 100000 (was {WanMbit})");
        }

        if (LanMbit < 1 || LanMbit > 100_000)
        {
            problems.Add($"LanMbit must be between 1 and 100000 (was {LanMbit})");
        }

        if (WanDelayMs < 0 || WanDelayMs > 10_000)
        {
            problems.Add($"WanDelayMs must be between 0 and 10000 (was {WanDelayMs})");
        }

        return problems;
    }

    /// <summary>Throws one exception that names every problem, so a bad command line is fixed in one go.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid site settings: " + string.Join("; ", problems));
        }
    }
}
