namespace LayerCache.EndToEnd.Site;

/// <summary>One node of the edge site: its own network namespace with <see cref="Address"/> on the site LAN.</summary>
internal sealed record SiteNode(int Index, string Name, string Namespace, string Address);
