using System.Diagnostics;

namespace LayerCache.Testing.Waiting;

/// <summary>Polls a condition until it holds, failing with what was awaited once a (generous) ceiling passes.</summary>
public static class Until
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var started = Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} within {timeout.TotalSeconds} s");
            }

            await Task.Delay(PollInterval);
        }
    }
}
