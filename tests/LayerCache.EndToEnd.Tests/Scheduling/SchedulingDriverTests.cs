using LayerCache.EndToEnd.Scheduling;

namespace LayerCache.EndToEnd.Tests.Scheduling;

public sealed class SchedulingDriverTests : IAsyncLifetime, IDisposable
{
    private const long MiB = 1024 * 1024;
    private const string Image = "reg/app:1";
    private readonly HttpClient _http = new();
    private PrioritizeStub _stub = null!;

    public async Task InitializeAsync() => _stub = await PrioritizeStub.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task PlaceAsync_Agnostic_PicksLeastAllocatedAndSkipsFullNodes()
    {
        var driver = new SchedulingDriver(PlacementMode.Agnostic, new Random(1));
        CandidateNode[] nodes = [new("node-0", 4, 4), new("node-1", 2, 4), new("node-2", 1, 4)];

        var placement = await driver.PlaceAsync(SampleManifests.Of(Image), nodes, CancellationToken.None);

        Assert.Equal("node-2", placement.Node);
        Assert.Equal(["node-1", "node-2"], placement.Totals.Select(t => t.Node));
        Assert.Equal([25L, 50L], placement.Totals.Select(t => t.Total));
    }

    [Fact]
    public async Task PlaceAsync_NoFreeSlot_PlacesNowhere()
    {
        var driver = new SchedulingDriver(PlacementMode.Agnostic, new Random(1));

        var placement = await driver.PlaceAsync(SampleManifests.Of(Image), [new("node-0", 2, 2)], CancellationToken.None);

        Assert.Null(placement.Node);
    }

    [Fact]
    public async Task PlaceAsync_OneFeasibleNode_TakesItWithoutAskingTheExtender()
    {
        var driver = new SchedulingDriver(PlacementMode.Extender, new Random(1), extender: Extender());

        var placement = await driver.PlaceAsync(SampleManifests.Of(Image), [new("node-0", 2, 2), new("node-1", 0, 2)], CancellationToken.None);

        Assert.Equal("node-1", placement.Node);
        Assert.Equal(0, _stub.Requests);
    }

    [Fact]
    public async Task PlaceAsync_ImageLocality_PrefersTheNodeHoldingTheImage()
    {
        // node-0: 50 (least) + 100 x (1000 x 1/3 - 23) / 977 = 31 -> 81; node-1: 75 + 0.
        var images = new StaticNodeImages(new() { ["node-0"] = new() { [Image] = 1000 * MiB } });
        var driver = new SchedulingDriver(PlacementMode.ImageLocality, new Random(1), images);
        CandidateNode[] nodes = [new("node-0", 1, 4), new("node-1", 0, 4), new("node-2", 4, 4)];

        var placement = await driver.PlaceAsync(SampleManifests.Of(Image), nodes, CancellationToken.None);

        Assert.Equal("node-0", placement.Node);
        Assert.Equal([31L, 0L], placement.Totals.Select(t => t.ImageLocality));
        Assert.Equal([81L, 75L], placement.Totals.Select(t => t.Total));
    }

    [Theory]
    [InlineData(1, "node-0")] // node-0: 75 + 0; node-1: 25 + 3 x 1 x 10 = 55
    [InlineData(2, "node-1")] // node-1: 25 + 3 x 2 x 10 = 85
    public async Task PlaceAsync_ExtenderWeight_OutweighsLeastAllocated(int weight, string expected)
    {
        _stub.Answer = """[{"Host":"node-0","Score":0},{"Host":"node-1","Score":3}]""";
        var driver = new SchedulingDriver(PlacementMode.Extender, new Random(1), extender: Extender(), extenderWeight: weight);

        var placement = await driver.PlaceAsync(SampleManifests.Of(Image), [new("node-0", 0, 4), new("node-1", 2, 4)], CancellationToken.None);

        Assert.Equal(expected, placement.Node);
        Assert.Equal([0L, 3L], placement.Totals.Select(t => t.Extender));
    }

    [Fact]
    public async Task PlaceAsync_ExtenderFails_LeastAllocatedDecides()
    {
        _stub.StatusCode = 503;
        var extender = Extender();
        var driver = new SchedulingDriver(PlacementMode.Extender, new Random(1), extender: extender, extenderWeight: 5);

        var placement = await driver.PlaceAsync(SampleManifests.Of(Image), [new("node-0", 0, 4), new("node-1", 2, 4)], CancellationToken.None);

        Assert.Equal("node-0", placement.Node);
        Assert.Equal(1, extender.Failures);
    }

    [Fact]
    public async Task PlaceAsync_Extender_AsksOnlyForNodesWithRoom()
    {
        var pod = SampleManifests.Of(Image);
        var driver = new SchedulingDriver(PlacementMode.Extender, new Random(1), extender: Extender());

        await driver.PlaceAsync(pod, [new("node-0", 0, 4), new("node-1", 4, 4), new("node-2", 1, 4)], CancellationToken.None);

        Assert.Equal(ExtenderArgsWriter.ToUtf8(pod, ["node-0", "node-2"]), _stub.LastBody);
    }

    [Fact]
    public void Constructor_ModeWithoutItsInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SchedulingDriver(PlacementMode.ImageLocality, new Random(1)));
        Assert.Throws<ArgumentException>(() => new SchedulingDriver(PlacementMode.Extender, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SchedulingDriver(PlacementMode.Agnostic, new Random(1), extenderWeight: 0));
    }

    private ExtenderClient Extender() => new(_http, _stub.BaseUri);
}
