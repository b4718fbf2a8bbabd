using System.Diagnostics;

namespace LayerCache.Integration.Tests.Support;

/// <summary>Polls with a short delay until a condition holds, failing after a bounded wait; returns how long it took.</summary>
public static class Poll
{
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, int delayMs = 20)
    {
        var started = Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} within {timeout.TotalSeconds} s");
            }

            await Task.Delay(delayMs);
        }

        return started.Elapsed;
    }

    /// <summary>Polls <paramref name="read"/> until it returns non-null; the last value read is in the failure message.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> read, Func<T, bool> accept, TimeSpan timeout, string what)
        where T : class
    {
        var started = Stopwatch.StartNew();
        T? last = null;
        while (true)
        {
            last = await read();
            if (last is not null && accept(last))
            {
                return last;
            }

            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} within {timeout.TotalSeconds} s; last: {last}");
            }

            await Task.Delay(20);
        }
    }
}
