using System.Diagnostics;

namespace LayerCache.Images.Tests;

/// <summary>Waits for a condition with a generous ceiling; an exception from a service still starting counts as "not yet".</summary>
internal static class Poll
{
    /// <summary>What a service in a container gets to start, answer or publish, on a CI machine shared by others.</summary>
    public static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(2);

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> read, TimeSpan timeout, Func<string> what)
        where T : class
    {
        var started = Stopwatch.StartNew();
        Exception? last = null;
        while (started.Elapsed < timeout)
        {
            try
            {
                if (await read() is { } value)
                {
                    return value;
                }
            }
            catch (Exception e) when (e is HttpRequestException or StackExchange.Redis.RedisException or TaskCanceledException)
            {
                last = e;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{what()} (waited {timeout.TotalSeconds} s{(last is null ? "" : $"; last error: {last.Message}")})");
    }

    /// <summary>The body of the first 200 that <paramref name="path"/> answers.</summary>
    public static Task<string> UntilOkAsync(HttpClient http, string path, Func<string> what) =>
        UntilAsync(
            async () => await http.GetAsync(new Uri(path, UriKind.Relative)) is { StatusCode: System.Net.HttpStatusCode.OK } answer
                ? await answer.Content.ReadAsStringAsync()
                : null,
            Ceiling,
            () => $"{path} did not answer 200: {what()}");
}
