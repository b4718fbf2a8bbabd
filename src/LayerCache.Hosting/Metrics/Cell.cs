namespace LayerCache.Hosting.Metrics;

/// <summary>One double updated from many threads without a lock.</summary>
internal sealed class Cell
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Add(double amount)
    {
        double seen;
        double next;
        do
        {
            seen = Volatile.Read(ref _value);
            next = seen + amount;
        }
        while (Interlocked.CompareExchange(ref _value, next, seen) != seen);
    }
}
