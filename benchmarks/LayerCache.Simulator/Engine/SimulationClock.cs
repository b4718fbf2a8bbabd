namespace LayerCache.Simulator.Engine;

/// <summary>Simulated time for Core's classes: seconds since the run began, on an arbitrary fixed epoch.</summary>
public sealed class SimulationClock : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public double Seconds { get; set; }

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks((long)(Seconds * TimeSpan.TicksPerSecond));
}
