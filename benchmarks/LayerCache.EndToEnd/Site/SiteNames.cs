namespace LayerCache.EndToEnd.Site;

/// <summary>
/// The fixed names and addresses of the site. Everything the harness creates on the host starts with
/// <see cref="Prefix"/> so leftovers of a killed run can be found by name.
/// </summary>
internal static class SiteNames
{
    public const string Prefix = "lce2e";

    public const string CloudNamespace = Prefix + "-cloud";

    public const string Bridge = Prefix + "-br";

    /// <summary>Host end of the uplink veth; its other end is eth0 in <see cref="CloudNamespace"/>.</summary>
    public const string WanLink = Prefix + "-wan";

    public const string HostAddress = "10.231.0.1";

    public const string LanPrefixLength = "24";

    public const string WanHostAddress = "10.232.0.1";

    public const string CloudAddress = "10.232.0.2";

    public const string WanSubnet = "10.232.0.0/30";

    public static string NodeNamespace(int index) => $"{Prefix}-n{index}";

    /// <summary>Host end of a node's veth, a port of the bridge.</summary>
    public static string NodeLink(int index) => $"{Prefix}-v{index}";

    public static string NodeAddress(int index) => $"10.231.0.{11 + index}";

    public static string NodeName(int index) => $"node-{index}";
}
