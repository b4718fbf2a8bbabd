using LayerCache.Core.Model;
using LayerCache.EndToEnd.Nodes;
using LayerCache.EndToEnd.Workload;

namespace LayerCache.EndToEnd.Tests.Workload;

public sealed class UnpackAttributionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Digest Base = Chain("base");
    private static readonly Digest App = Chain("app");
    private static readonly Digest Other = Chain("other");

    [Fact]
    public void Assign_OnePull_SumsItsUnpacksFromTheLaterOfPrepareAndBlob()
    {
        PullWindow[] pulls = [Pull(0, node: 0, from: 0, to: 10, Base, App)];
        // The base waited 4 s for its blob after the prepare; the app's blob was there before its prepare.
        Extraction[] unpacks = [Unpack(Base, prepared: 1, blob: 5, ended: 6), Unpack(App, prepared: 6, blob: 3, ended: 8.5)];

        var seconds = UnpackAttribution.Assign(1, pulls, [unpacks]);

        Assert.Equal(1 + 2.5, seconds[0], 9);
    }

    [Fact]
    public void Assign_UnpacksOutsideThePullOrOfOtherImagesOrNodes_NotCounted()
    {
        PullWindow[] pulls = [Pull(0, node: 0, from: 10, to: 20, Base, App)];
        Extraction[] node0 =
        [
            Unpack(App, prepared: 2, blob: 2, ended: 3),      // before the pull
            Unpack(Other, prepared: 12, blob: 12, ended: 13), // a chain of no layer of its image
            Unpack(Base, prepared: 21, blob: 21, ended: 22),  // after it
        ];
        Extraction[] node1 = [Unpack(Base, prepared: 11, blob: 11, ended: 12)];

        var seconds = UnpackAttribution.Assign(1, pulls, [node0, node1]);

        Assert.Equal(0, seconds[0]);
    }

    [Fact]
    public void Assign_ConcurrentPullsSharingAChain_CountedOnceForTheFirstAndTheRaceLoserForTheSecond()
    {
        PullWindow[] pulls = [Pull(0, node: 0, from: 0, to: 10, Base, App), Pull(1, node: 0, from: 1, to: 12, Base, Other)];
        Extraction[] unpacks =
        [
            Unpack(Base, prepared: 0.5, blob: 2, ended: 3),                    // pod 0's, committed
            Unpack(Base, prepared: 1.5, blob: 2, ended: 3.5, committed: false), // pod 1's, removed: pod 0 committed first
            Unpack(App, prepared: 3, blob: 3, ended: 4),
            Unpack(Other, prepared: 4, blob: 4, ended: 6),
        ];

        var seconds = UnpackAttribution.Assign(2, pulls, [unpacks]);

        Assert.Equal(1 + 1, seconds[0], 9);
        Assert.Equal(1.5 + 2, seconds[1], 9);
    }

    [Fact]
    public void Assign_TwoPullsOfTheSameImage_OneUnpackOfEachChainCountedOnceOnly()
    {
        PullWindow[] pulls = [Pull(0, node: 0, from: 0, to: 10, Base), Pull(1, node: 0, from: 1, to: 10, Base)];
        Extraction[] unpacks = [Unpack(Base, prepared: 0.5, blob: 2, ended: 3)];

        var seconds = UnpackAttribution.Assign(2, pulls, [unpacks]);

        Assert.Equal([1, 0], seconds);
    }

    [Fact]
    public void Assign_AnUnpackBegunBeforeThePull_OnlyItsPartInsideThePullCounts()
    {
        // An agent unpacking ahead began at 2; the pod's pull started at 5 and found it committing at 6.
        PullWindow[] pulls = [Pull(0, node: 0, from: 5, to: 7, Base)];
        Extraction[] unpacks = [Unpack(Base, prepared: 2, blob: 1, ended: 6)];

        var seconds = UnpackAttribution.Assign(1, pulls, [unpacks]);

        Assert.Equal(1, seconds[0], 9);
    }

    private static PullWindow Pull(int pod, int node, double from, double to, params Digest[] chains) =>
        new(pod, node, At(from), At(to), chains.ToHashSet());

    private static Extraction Unpack(Digest chain, double prepared, double blob, double ended, bool committed = true) =>
        new(chain, At(prepared), At(ended), At(blob), committed);

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static Digest Chain(string name) => Digest.FromHash(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));
}
