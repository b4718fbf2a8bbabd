namespace LayerCache.EndToEnd.Site;

/// <summary>How the edge site's uplink is shaped.</summary>
internal enum WanMode
{
    /// <summary>One uplink of <see cref="SiteSettings.WanMbit"/> that all nodes share, as a real edge site has.</summary>
    Shared,

    /// <summary>Each node gets its own <see cref="SiteSettings.WanMbit"/> to the cloud (the simulator's model).</summary>
    PerNode,
}
