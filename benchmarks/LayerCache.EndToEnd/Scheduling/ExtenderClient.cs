using System.Collections.ObjectModel;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// kube-scheduler's HTTP extender for the prioritize verb: POSTs the ExtenderArgs of one pod to
/// <c>{base}/scheduler/prioritize</c> and reads the scores. A failed call (transport error, timeout, non-200, a body
/// that is not a HostPriorityList) yields no scores, as kube-scheduler ignores a failed prioritize; it is counted in
/// <see cref="Failures"/> and its reason logged. https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/extender.go
/// </summary>
internal sealed class ExtenderClient
{
    public const string PrioritizePath = "/scheduler/prioritize";

    /// <summary>kube-scheduler's DefaultExtenderTimeout, used when the configuration sets no httpTimeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _prioritize;
    private readonly TimeSpan _timeout;
    private readonly Action<string>? _log;
    private int _failures;
    private int _rejected;

    /// <param name="baseUri">The coordinator, e.g. <c>http://10.0.0.1:8080</c>.</param>
    public ExtenderClient(HttpClient http, Uri baseUri, TimeSpan? timeout = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseUri);
        _http = http;
        _prioritize = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + PrioritizePath);
        _timeout = timeout ?? DefaultTimeout;
        _log = log;
    }

    /// <summary>Calls that gave no scores.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Entries dropped from answers: a score outside 0..10, a node not asked, a node named twice.</summary>
    public int RejectedEntries => Volatile.Read(ref _rejected);

    /// <returns>Score 0..10 by node name; empty when the call failed.</returns>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<IReadOnlyDictionary<string, long>> PrioritizeAsync(PodManifest pod, IReadOnlyList<string> nodeNames, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var content = new ByteArrayContent(ExtenderArgsWriter.ToUtf8(pod, nodeNames));
            content.Headers.ContentType = Json; // Go's http.NewRequest plus Header.Set: no charset
            using var response = await _http.PostAsync(_prioritize, content, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != System.Net.HttpStatusCode.OK) // Go accepts exactly 200
            {
                return Fail($"prioritize {pod.Name}: HTTP {(int)response.StatusCode}");
            }

            var (scores, rejected) = HostPriorityListReader.Read(body, nodeNames);
            if (rejected > 0)
            {
                Interlocked.Add(ref _rejected, rejected);
                _log?.Invoke($"prioritize {pod.Name}: {rejected} entries dropped");
            }

            return scores;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail($"prioritize {pod.Name}: no answer within {_timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or FormatException)
        {
            return Fail($"prioritize {pod.Name}: {e.Message}");
        }
    }

    private IReadOnlyDictionary<string, long> Fail(string reason)
    {
        Interlocked.Increment(ref _failures);
        _log?.Invoke(reason);
        return ReadOnlyDictionary<string, long>.Empty;
    }
}
