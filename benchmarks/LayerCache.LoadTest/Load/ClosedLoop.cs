using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace LayerCache.LoadTest.Load;

/// <summary>
/// Closed-loop load: N workers, each sending the next request as soon as its previous answer is read, over N
/// kept-alive HTTP/1.1 connections. Requests started in the warm-up are not counted; the window counts the requests
/// that start and finish inside it, so the rate is sustained, not a burst.
/// </summary>
public sealed class ClosedLoop(Uri address, string path, IReadOnlyList<byte[]> bodies)
{
    public async Task<LoadResult> RunAsync(int concurrency, TimeSpan warmup, TimeSpan window, Func<double> coordinatorCpuSeconds)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var cpuAtWindow = new TaskCompletionSource<(double Coordinator, double Self)>();
        var sampler = Task.Run(async () =>
        {
            await Task.Delay(warmup).ConfigureAwait(false);
            cpuAtWindow.SetResult((coordinatorCpuSeconds(), Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds));
            await Task.Delay(window).ConfigureAwait(false);
            return (coordinatorCpuSeconds(), Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
        });
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(() => WorkAsync(client, w, windowStart, windowEnd))).ToArray();
        var results = await Task.WhenAll(workers).ConfigureAwait(false);
        var (coordinatorEnd, selfEnd) = await sampler.ConfigureAwait(false);
        var (coordinatorStart, selfStart) = await cpuAtWindow.Task.ConfigureAwait(false);
        var latencies = results.SelectMany(r => r.Milliseconds).Order().ToArray();
        return new LoadResult(concurrency, window.TotalSeconds, latencies, results.Sum(r => r.Errors), coordinatorEnd - coordinatorStart, selfEnd - selfStart);
    }

    private async Task<(List<double> Milliseconds, int Errors)> WorkAsync(HttpClient client, int worker, long windowStart, long windowEnd)
    {
        var milliseconds = new List<double>(100_000);
        var errors = 0;
        var buffer = new byte[64 * 1024];
        var uri = new Uri(path, UriKind.Relative);
        for (var i = worker; ; i++)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= windowEnd)
            {
                return (milliseconds, errors);
            }

            var ok = await SendAsync(client, uri, bodies[i % bodies.Count], buffer).ConfigureAwait(false);
            var finished = Stopwatch.GetTimestamp();
            if (started < windowStart || finished > windowEnd)
            {
                continue;
            }

            if (ok)
            {
                milliseconds.Add(Stopwatch.GetElapsedTime(started, finished).TotalMilliseconds);
            }
            else
            {
                errors++;
            }
        }
    }

    private static async Task<bool> SendAsync(HttpClient client, Uri uri, byte[] body, byte[] buffer)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(uri, content).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            while (await stream.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
                // The whole answer is read, as the scheduler reads it.
            }

            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
