using LayerCache.Core.Model;

namespace LayerCache.Core.Costs;

/// <summary>
/// Pull time at an edge site: a layer that another node of the node's site holds comes over the site's LAN
/// (<see cref="Lan"/>), one that no node of the site holds comes from the registry over the site's uplink
/// (<see cref="Wan"/>). What is already on the node costs what it costs on the WAN model (the unpack, or nothing),
/// or the LAN price if that is less. The coordinator's hints, its planner and the simulator price layers with it.
/// </summary>
public sealed class SitePullCostModel : PullCostModel
{
    public SitePullCostModel(PullCostModel wan, PullCostModel lan)
    {
        ArgumentNullException.ThrowIfNull(wan);
        ArgumentNullException.ThrowIfNull(lan);
        if (wan.PricesSites || lan.PricesSites)
        {
            throw new ArgumentException("the WAN and LAN prices are each one link's; neither can itself price sites");
        }

        Wan = wan;
        Lan = lan;
    }

    /// <summary>From the registry, over the site's uplink.</summary>
    public PullCostModel Wan { get; }

    /// <summary>From a peer in the site, over the LAN.</summary>
    public PullCostModel Lan { get; }

    public override bool PricesSites => true;

    /// <summary>The registry's price: what a layer costs when the caller does not say whether the site holds it.</summary>
    public override PullSeconds LayerSplit(long sizeBytes, LayerState from) => Wan.LayerSplit(sizeBytes, from);

    public override PullSeconds LayerSplit(long sizeBytes, LayerState from, bool heldInSite)
    {
        var wan = Wan.LayerSplit(sizeBytes, from);
        if (!heldInSite)
        {
            return wan;
        }

        var lan = Lan.LayerSplit(sizeBytes, from);
        return lan.TotalSeconds < wan.TotalSeconds ? lan : wan;
    }
}
