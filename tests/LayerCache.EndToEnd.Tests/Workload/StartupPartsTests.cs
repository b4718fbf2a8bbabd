using LayerCache.EndToEnd.Workload;

namespace LayerCache.EndToEnd.Tests.Workload;

public sealed class StartupPartsTests
{
    [Fact]
    public void Of_APodThatPulled_PullSplitIntoTransferAndUnpackAndTheRestIsStart()
    {
        var pod = new PodOutcome(Node: 1, WaitSeconds: 0.5, StartupSeconds: 6, Pulled: true, PullSeconds: 5, ContainerStartSeconds: 0.4, Error: null);

        var parts = StartupParts.Of(pod, unpackSeconds: 1.25);

        Assert.Equal(new StartupParts(0.5, 3.75, 1.25, 0.5), parts);
    }

    [Fact]
    public void Of_APodThatDidNotPull_NoTransferNorUnpack()
    {
        var pod = new PodOutcome(0, 0.25, 0.75, Pulled: false, PullSeconds: 0.01, ContainerStartSeconds: 0.45, Error: null);

        var parts = StartupParts.Of(pod, unpackSeconds: 0);

        Assert.Equal(new StartupParts(0.25, 0, 0, 0.5), parts);
    }

    [Fact]
    public void Of_MoreUnpackThanPull_UnpackIsThePullAndTransferZero()
    {
        var pod = new PodOutcome(0, 0, 2, true, 1.5, 0.5, null);

        var parts = StartupParts.Of(pod, unpackSeconds: 1.6);

        Assert.Equal(1.5, parts.UnpackSeconds);
        Assert.Equal(0, parts.TransferSeconds);
    }

    [Fact]
    public void Mean_ManyPods_PartsAddUpToTheMeanStartup()
    {
        var random = new Random(5);
        var pods = Enumerable.Range(0, 1000).Select(_ =>
        {
            var wait = random.NextDouble();
            var pulled = random.Next(2) == 0;
            var pull = pulled ? random.NextDouble() * 20 : random.NextDouble() * 0.01;
            var startup = wait + pull + (random.NextDouble() * 0.5);
            return (Outcome: new PodOutcome(0, wait, startup, pulled, pull, 0.3, null), Unpack: pulled ? pull * random.NextDouble() * 1.2 : 0);
        }).ToList();

        var mean = StartupParts.Mean([.. pods.Select(p => StartupParts.Of(p.Outcome, p.Unpack))]);

        Assert.Equal(pods.Average(p => p.Outcome.StartupSeconds), mean.TotalSeconds, 9);
        Assert.True(mean.TransferSeconds > 0 && mean.UnpackSeconds > 0 && mean.StartSeconds > 0);
    }
}
