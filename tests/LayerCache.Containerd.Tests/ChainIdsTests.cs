using LayerCache.Core.Model;

namespace LayerCache.Containerd.Tests;

public sealed class ChainIdsTests
{
    [Fact]
    public void Of_ThreeDiffIds_FirstIsTheDiffIdAndEachNextHashesThePreviousAndTheDiffIdAsText()
    {
        Digest[] diffIds =
        [
            Digest.Parse("sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"),
            Digest.Parse("sha256:3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"),
            Digest.Parse("sha256:2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6"),
        ];

        var chain = ChainIds.Of(diffIds);

        // Worked out with Python's hashlib: sha256("sha256:ca97... sha256:3e23...") and so on.
        Assert.Equal(
            [
                "sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
                "sha256:51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676",
                "sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106",
            ],
            chain.Select(c => c.Value));
    }

    [Fact]
    public void Of_NoLayers_NoChain() => Assert.Empty(ChainIds.Of([]));
}
