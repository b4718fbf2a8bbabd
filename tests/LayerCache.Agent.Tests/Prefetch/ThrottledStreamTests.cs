using System.Threading.RateLimiting;
using LayerCache.Agent.Prefetch;

namespace LayerCache.Agent.Tests.Prefetch;

/// <summary>The bandwidth cap: every byte written waits for permits from the shared limiter, in bounded chunks.</summary>
public sealed class ThrottledStreamTests
{
    [Fact]
    public async Task WriteAsync_LargerThanOneChunk_AcquiresPermitsForEveryByteInChunks()
    {
        var limiter = new RecordingLimiter();
        using var inner = new MemoryStream();
        var data = Enumerable.Range(0, 2_500).Select(i => (byte)i).ToArray();
        await using var throttled = new ThrottledStream(inner, limiter, maxPermits: 1_000);

        await throttled.WriteAsync(data);

        Assert.Equal([1_000, 1_000, 500], limiter.Acquired);
        Assert.Equal(data, inner.ToArray());
    }

    [Fact]
    public async Task WriteAsync_LimiterRefuses_NothingWritten()
    {
        var limiter = new RecordingLimiter { Refuse = true };
        using var inner = new MemoryStream();
        await using var throttled = new ThrottledStream(inner, limiter, maxPermits: 1_000);

        await Assert.ThrowsAsync<OperationCanceledException>(() => throttled.WriteAsync(new byte[10]).AsTask());

        Assert.Equal(0, inner.Length);
    }

    /// <summary>Grants at once (or refuses) and remembers what was asked for.</summary>
    private sealed class RecordingLimiter : RateLimiter
    {
        public List<int> Acquired { get; } = [];

        public bool Refuse { get; init; }

        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => throw new NotSupportedException();

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            if (Refuse)
            {
                throw new OperationCanceledException("refused");
            }

            Acquired.Add(permitCount);
            return ValueTask.FromResult<RateLimitLease>(new Granted());
        }

        private sealed class Granted : RateLimitLease
        {
            public override bool IsAcquired => true;

            public override IEnumerable<string> MetadataNames => [];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }
        }
    }
}
