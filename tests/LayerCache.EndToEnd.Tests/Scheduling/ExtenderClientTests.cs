using LayerCache.EndToEnd.Scheduling;

namespace LayerCache.EndToEnd.Tests.Scheduling;

public sealed class ExtenderClientTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Nodes = ["node-0", "node-1"];
    private readonly HttpClient _http = new();
    private readonly List<string> _log = [];
    private PrioritizeStub _stub = null!;

    public async Task InitializeAsync() => _stub = await PrioritizeStub.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task PrioritizeAsync_ValidList_ReturnsScores()
    {
        _stub.Answer = """[{"Host":"node-0","Score":7},{"Host":"node-1","Score":0}]""";

        var scores = await Client().PrioritizeAsync(SampleManifests.WithInit(), Nodes, CancellationToken.None);

        Assert.Equal(new Dictionary<string, long> { ["node-0"] = 7, ["node-1"] = 0 }, scores);
    }

    [Fact]
    public async Task PrioritizeAsync_Request_SendsGoBodyWithJsonContentType()
    {
        var pod = SampleManifests.WithInit();

        await Client().PrioritizeAsync(pod, Nodes, CancellationToken.None);

        Assert.Equal(1, _stub.Requests);
        Assert.Equal("application/json", _stub.LastContentType);
        Assert.Equal(ExtenderArgsWriter.ToUtf8(pod, Nodes), _stub.LastBody);
    }

    [Fact]
    public async Task PrioritizeAsync_OutOfRangeUnknownOrRepeatedHosts_DropsAndCountsThem()
    {
        // Keys in any case, as Go's decoder reads them; only node-1's first valid entry stays.
        _stub.Answer = """[{"Host":"node-0","Score":11},{"Host":"node-0","Score":-1},{"Host":"node-9","Score":5},{"host":"node-1","score":3},{"Host":"node-1","Score":4}]""";
        var client = Client();

        var scores = await client.PrioritizeAsync(SampleManifests.WithInit(), Nodes, CancellationToken.None);

        Assert.Equal(new Dictionary<string, long> { ["node-1"] = 3 }, scores);
        Assert.Equal(4, client.RejectedEntries);
        Assert.Equal(0, client.Failures);
    }

    [Fact]
    public async Task PrioritizeAsync_ServerError_CountsFailureAndReturnsNoScores()
    {
        _stub.StatusCode = 500;
        _stub.Answer = """[{"Host":"node-0","Score":7}]""";
        var client = Client();

        var scores = await client.PrioritizeAsync(SampleManifests.WithInit(), Nodes, CancellationToken.None);

        Assert.Empty(scores);
        Assert.Equal(1, client.Failures);
        Assert.Contains(_log, line => line.Contains("HTTP 500", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"Host":"node-0","Score":7}""")]
    [InlineData("""[{"Host":"node-0","Score":7.5}]""")]
    [InlineData("""[{"Host":"node-0","Score":"7"}]""")]
    [InlineData("not json")]
    public async Task PrioritizeAsync_NotAHostPriorityList_CountsFailure(string answer)
    {
        _stub.Answer = answer;
        var client = Client();

        var scores = await client.PrioritizeAsync(SampleManifests.WithInit(), Nodes, CancellationToken.None);

        Assert.Empty(scores);
        Assert.Equal(1, client.Failures);
    }

    [Fact]
    public async Task PrioritizeAsync_SlowerThanTimeout_CountsFailure()
    {
        _stub.Delay = TimeSpan.FromSeconds(5);
        var client = Client(TimeSpan.FromMilliseconds(200));

        var scores = await client.PrioritizeAsync(SampleManifests.WithInit(), Nodes, CancellationToken.None);

        Assert.Empty(scores);
        Assert.Equal(1, client.Failures);
        Assert.Contains(_log, line => line.Contains("no answer within 0.2 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrioritizeAsync_CallerCancels_Throws()
    {
        _stub.Delay = TimeSpan.FromSeconds(5);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var client = Client();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PrioritizeAsync(SampleManifests.WithInit(), Nodes, cancel.Token));
        Assert.Equal(0, client.Failures);
    }

    private ExtenderClient Client(TimeSpan? timeout = null) => new(_http, _stub.BaseUri, timeout, _log.Add);
}
