using LayerCache.EndToEnd.Runs;
using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Tests;

public sealed class EndToEndOptionsTests
{
    [Fact]
    public void Parse_NoArguments_GivesTheDocumentedDefaults()
    {
        var options = EndToEndOptions.Parse([]);

        Assert.Equal(4, options.Site.Nodes);
        Assert.Equal(WanMode.Shared, options.Site.Wan);
        Assert.Equal(100, options.Site.WanMbit);
        Assert.Equal(8, options.SlotsPerNode);
        Assert.Equal(100, options.Pods);
        Assert.Equal(PolicyKinds.All, options.Policies);
        Assert.Equal((long)(32 * 1.024e9 * 0.02), options.StorageBytes);
        Assert.False(options.SimNodeEvictionSeesCluster);
    }

    [Fact]
    public void Parse_EveryOption_IsTaken()
    {
        var options = EndToEndOptions.Parse(
        [
            "--nodes", "6", "--wan", "per-node", "--wan-mbit", "50", "--wan-delay-ms", "40", "--lan-mbit", "500",
            "--slots", "3", "--storage-mb", "750", "--synthesize", "90", "--size-scale", "0.1", "--pods", "30",
            "--rate", "0.25", "--run-min", "2", "--run-max", "4", "--zipf", "1.1", "--seed", "7",
            "--policies", "layer,agnostic", "--weight", "3", "--eviction", "gdsf", "--sim-node-eviction", "cluster", "--plan-interval", "4",
            "--min-requests-per-replica", "8", "--csv", "out.csv", "--chart", "out.svg", "--markdown", "--quiet",
        ]);

        Assert.Equal(new SiteSettings { Nodes = 6, Wan = WanMode.PerNode, WanMbit = 50, WanDelayMs = 40, LanMbit = 500 }, options.Site);
        Assert.Equal(750_000_000, options.StorageBytes);
        Assert.Equal([PolicyKind.Layer, PolicyKind.Agnostic], options.Policies);
        Assert.Equal((3, 90, 0.1, 30, 0.25, 2.0, 4.0, 1.1, 7), (options.SlotsPerNode, options.SynthesizeCount, options.SizeScale, options.Pods, options.RequestsPerSecond, options.RunMinSeconds, options.RunMaxSeconds, options.ZipfExponent, options.Seed));
        Assert.Equal((3, "gdsf", 4.0, 8.0), (options.Weight, options.Eviction, options.PlanIntervalSeconds, options.MinRequestsPerReplica));
        Assert.True(options.SimNodeEvictionSeesCluster);
        Assert.Equal(("out.csv", "out.svg", true, true), (options.CsvPath, options.ChartPath, options.Markdown, options.Quiet));
    }

    [Theory]
    [InlineData("--policies|fast", "unknown policy 'fast'")]
    [InlineData("--wan|wide", "--wan must be one of shared, per-node; got 'wide'")]
    [InlineData("--pods|0", "--pods must be at least 1")]
    [InlineData("--size-scale|2", "--size-scale must be in (0, 1]")]
    [InlineData("--rate|x", "--rate needs a number")]
    [InlineData("--chart|out.png", "--chart writes SVG")]
    [InlineData("--sweep-weights|1,0", "--sweep-weights must be whole numbers >= 1")]
    [InlineData("--nodes|0", "Nodes must be between 1 and")]
    [InlineData("--bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("--pods", "Required argument missing for option: '--pods'")]
    [InlineData("--calibration|95,118,119", "--calibration takes four numbers")]
    [InlineData("--calibration|0,118,119,120", "the uplink and unpack rates must be positive")]
    [InlineData("--simulate-only|--sim-lan-request-ms|-1", "--sim-lan-request-ms must be >= 0")]
    public void Parse_BadValue_SaysWhichOptionAndWhy(string arguments, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => EndToEndOptions.Parse(arguments.Split('|')));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PeerPoliciesSimulated_NamedAndPricedOnTheLan()
    {
        var options = EndToEndOptions.Parse(["--simulate-only", "--policies", "spegel,layercache+peer", "--lan-mbit", "800", "--sim-lan-request-ms", "4"]);

        Assert.Equal([PolicyKind.Spegel, PolicyKind.LayerCachePeer], options.Policies);
        Assert.Equal(new PeerLink(100e6, 0.004), options.PeerLink);
    }

    [Fact]
    public void Parse_UnpackAhead_AskedForByNameAndNotInTheDefaultRun()
    {
        var options = EndToEndOptions.Parse(["--pods", "20", "--policies", "layercache,layercache+unpack"]);

        Assert.Equal([PolicyKind.LayerCache, PolicyKind.LayerCacheUnpack], options.Policies);
        Assert.Equal("layercache+unpack", PolicyKinds.Name(PolicyKind.LayerCacheUnpack));
        Assert.DoesNotContain(PolicyKind.LayerCacheUnpack, EndToEndOptions.Parse([]).Policies);
    }

    [Fact]
    public void PlaneSettings_UnpackAhead_LayerCachesCoordinatorWithThePlannersUnpackAheadOn()
    {
        var options = EndToEndOptions.Parse(["--min-image-requests-per-node", "2.5"]);

        var unpack = PolicyRun.PlaneSettings(PolicyKind.LayerCacheUnpack, options, "10.0.0.1:5000", "/keys");
        var layercache = PolicyRun.PlaneSettings(PolicyKind.LayerCache, options, "10.0.0.1:5000", "/keys");

        Assert.Equal(layercache with { UnpackAhead = true }, unpack);
        Assert.True(unpack.PlannerEnabled);
        Assert.Equal(["--Planner:UnpackAhead=true", "--Planner:MinImageRequestsPerNode=2.5"], Cluster.ControlPlane.OptionalArguments(unpack));
        Assert.Equal(2.5, options.PlannerOptions.MinImageRequestsPerNode);
        Assert.Empty(Cluster.ControlPlane.OptionalArguments(layercache));
        Assert.DoesNotContain("--Planner:UnpackAhead=true", Cluster.ControlPlane.OptionalArguments(PolicyRun.PlaneSettings(PolicyKind.LayerCachePeer, options, "h:1", "/k")));
    }

    [Fact]
    public void Parse_Calibration_IsReadInTheUnitsTheUsageGives()
    {
        var options = EndToEndOptions.Parse(["--simulate-only", "--calibration", "80,50,200,300"]);

        Assert.True(options.SimulateOnly);
        Assert.Equal(10e6, options.Calibration.BandwidthBytesPerSecond, 6);
        Assert.Equal(0.05, options.Calibration.RequestSeconds, 6);
        Assert.Equal(200e6, options.Calibration.UnpackBytesPerSecond, 6);
        Assert.Equal(0.3, options.ContainerStartSeconds, 6);
    }
}
