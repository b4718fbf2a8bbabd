namespace LayerCache.EndToEnd.Tests.Site;

/// <summary>Tests that build a site: its names are fixed and only one run may be live, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EdgeSiteCollection
{
    public const string Name = "edge site";
}
