using LayerCache.Core.Costs;

namespace LayerCache.Simulator.Tests;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void Parse_NoArguments_PaperDefaults()
    {
        var options = SimulatorOptions.Parse([]);

        Assert.Equal("paper", options.Mode);
        Assert.Equal(200, options.Cluster.Nodes);
        Assert.Equal(32 * 1.024e9, options.Cluster.StorageBytes, 0);
        Assert.Equal(16, options.Cluster.SlotsPerNode);
        Assert.Equal(125, options.Cluster.RequestsPerSecond);
        Assert.Equal(1000, options.Cluster.DurationSeconds);
        Assert.Equal(0.75, options.Cluster.ZipfExponent);
        Assert.Equal(90, options.Cluster.HighWatermarkPercent);
        Assert.Equal(90, options.Cluster.LowWatermarkPercent);
        Assert.False(options.PooledBounds);
        Assert.Equal(100, options.Cluster.NodesToScorePercent);
        Assert.False(options.Cluster.ScoreHoldersOutsideWindow);
    }

    [Fact]
    public void Parse_PooledBounds_Set()
    {
        Assert.True(SimulatorOptions.Parse(["--pooled-bounds", "--sweep", "storage"]).PooledBounds);
    }

    [Fact]
    public void Parse_EverySetting_Applied()
    {
        var options = SimulatorOptions.Parse(
        [
            "--mode", "layercache", "--nodes", "50", "--storage-gb", "8", "--slots", "4", "--rate", "10.5", "--duration", "60",
            "--run-min", "2", "--run-max", "3", "--zipf", "1.1", "--high-watermark", "95", "--low-watermark", "80",
            "--seed", "9", "--synthesize", "500", "--min-requests-per-replica", "4", "--sweep", "rate", "--sweep-values", "5,10",
            "--nodes-to-score-percent", "0", "--score-holders-outside-window",
        ]);

        Assert.Equal("layercache", options.Mode);
        Assert.Equal(50, options.Cluster.Nodes);
        Assert.Equal(8, options.Cluster.StorageGigabytes);
        Assert.Equal(4, options.Cluster.SlotsPerNode);
        Assert.Equal(10.5, options.Cluster.RequestsPerSecond);
        Assert.Equal(60, options.Cluster.DurationSeconds);
        Assert.Equal((2, 3), (options.Cluster.RunMinSeconds, options.Cluster.RunMaxSeconds));
        Assert.Equal(1.1, options.Cluster.ZipfExponent);
        Assert.Equal((95, 80), (options.Cluster.HighWatermarkPercent, options.Cluster.LowWatermarkPercent));
        Assert.Equal(9, options.Cluster.Seed);
        Assert.Equal(500, options.SynthesizeCount);
        Assert.Equal(4, options.Prefetch.MinRequestsPerReplica);
        Assert.Equal("rate", options.Sweep);
        Assert.Equal([5.0, 10.0], options.SweepValues);
        Assert.Equal(0, options.Cluster.NodesToScorePercent);
        Assert.True(options.Cluster.ScoreHoldersOutsideWindow);
    }

    [Theory]
    [InlineData("--frobnicate", "Unrecognized command or argument '--frobnicate'")]
    [InlineData("--nodes", "Required argument missing for option: '--nodes'")]
    [InlineData("--nodes x", "--nodes needs a whole number; got 'x'")]
    [InlineData("--rate NaN", "--rate needs a number; got 'NaN'")]
    [InlineData("--mode fast", "--mode must be one of paper, layercache, site; got 'fast'")]
    [InlineData("--chart out.png", "--chart writes SVG")]
    [InlineData("--sweep-values 1,2", "--sweep-values needs --sweep")]
    [InlineData("--low-watermark 95 --high-watermark 90", "--low-watermark and --high-watermark")]
    [InlineData("--nodes 0", "--nodes must be at least 1")]
    [InlineData("--synthesize 0", "--synthesize must be at least 1")]
    [InlineData("--policies agnostic,fastest", "--policies: unknown policy 'fastest'")]
    [InlineData("--wan-mbit 0", "--wan-mbit, --lan-mbit and --unpack-mbps must be positive")]
    [InlineData("--wan-mbit 50 --lan-request-ms -1", "--request-ms and --lan-request-ms must be >= 0")]
    [InlineData("--site-nodes -1", "--site-nodes must be >= 0")]
    [InlineData("--unpacked-ratio -1", "--unpacked-ratio and --min-image-requests-per-node must be >= 0")]
    [InlineData("--start-ms -5", "--start-ms must be >= 0")]
    [InlineData("--nodes-to-score-percent 101", "--nodes-to-score-percent must be 0 (adaptive) to 100")]
    [InlineData("--nodes-to-score-percent -1", "--nodes-to-score-percent must be 0 (adaptive) to 100")]
    public void Parse_BadInput_ClearError(string arguments, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SimulatorOptions.Parse(arguments.Split(' ')));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnpackAhead_PolicyAndItsOptions()
    {
        var options = SimulatorOptions.Parse(
        [
            "--policies", "layercache,layercache+unpack", "--wan-mbit", "1000", "--start-ms", "120", "--unpacked-ratio", "1.5",
            "--min-image-requests-per-node", "3",
        ]);

        Assert.Equal(0.12, options.Cluster.ContainerStartSeconds, 12);
        Assert.Equal(1.5, options.Prefetch.UnpackedToCompressedRatio);
        Assert.Equal(3, options.Prefetch.MinImageRequestsPerNode);
        Assert.Equal([false, true], options.Setups().Select(s => s.UnpackAhead));
        Assert.All(options.Setups(), s => Assert.Equal(1.5, s.PrefetchOptions!.UnpackedToCompressedRatio));
    }

    [Fact]
    public void Parse_SiteModel_SitesLinksAndPolicies()
    {
        var options = SimulatorOptions.Parse(
        [
            "--policies", "agnostic,layercache+peer", "--site-nodes", "8", "--wan-mbit", "50", "--lan-mbit", "1000",
            "--request-ms", "100", "--lan-request-ms", "5", "--unpack-mbps", "200",
        ]);

        Assert.Equal(8, options.Cluster.NodesPerSite);
        Assert.Equal(25, options.Cluster.Sites);
        Assert.True(options.Cluster.SharedUplink);
        Assert.Equal(["agnostic", "layercache+peer"], options.Setups().Select(s => s.Name));
        Assert.True(options.Setups()[1].PeerFetch);
        var cost = Assert.IsType<SitePullCostModel>(options.PullCost());
        var wan = Assert.IsType<BandwidthPullCostModel>(cost.Wan);
        var lan = Assert.IsType<BandwidthPullCostModel>(cost.Lan);
        Assert.Equal((6.25e6, 0.1, 200e6), (wan.BandwidthBytesPerSecond, wan.RequestSeconds, wan.UnpackBytesPerSecond));
        Assert.Equal((125e6, 0.005, 200e6), (lan.BandwidthBytesPerSecond, lan.RequestSeconds, lan.UnpackBytesPerSecond));
    }

    [Fact]
    public void Parse_PeerFetchWithoutWan_PaperRegistryBesideTheLan()
    {
        var options = SimulatorOptions.Parse(["--mode", "site", "--site-nodes", "8", "--lan-mbit", "800"]);

        var cost = Assert.IsType<SitePullCostModel>(options.PullCost());
        Assert.Same(PaperPullCostModel.Instance, cost.Wan);
        Assert.Equal(100e6, Assert.IsType<BandwidthPullCostModel>(cost.Lan).BandwidthBytesPerSecond);
        Assert.False(options.Cluster.SharedUplink);
    }

    [Fact]
    public void Parse_NoLinks_PaperCostAndALinkPerNode()
    {
        var options = SimulatorOptions.Parse(["--mode", "layercache"]);

        Assert.Same(PaperPullCostModel.Instance, options.PullCost());
        Assert.False(options.Cluster.SharedUplink);
        Assert.Equal(1, options.Cluster.Sites);
    }
}
