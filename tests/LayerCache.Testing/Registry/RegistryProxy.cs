using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using LayerCache.Core.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LayerCache.Testing.Registry;

/// <summary>
/// A reverse proxy in front of the real registry (Kestrel on every address, port 0): counts blob GETs per digest, logs every
/// request with its Authorization and Range headers, and applies queued <see cref="BlobFault"/>s. It answers on 127.0.0.1 and
/// 127.0.0.2 alike; the second name plays blob storage for redirects, serving <c>/_storage/{ticket}</c> like a pre-signed URL.
/// </summary>
public sealed partial class RegistryProxy : IAsyncDisposable
{
    private const string StoragePrefix = "/_storage/";
    private static readonly TimeSpan TruncateGrace = TimeSpan.FromMilliseconds(150);

    private readonly Uri _upstream;
    private readonly X509Certificate2? _certificate;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly ConcurrentDictionary<Digest, int> _blobGets = new();
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, (string Path, string? Authorization)> _tickets = new();
    private readonly List<BlobFault> _faults = [];
    private WebApplication? _app;

    /// <param name="certificate">Serve HTTPS with this certificate (a mirror with a private CA); plain HTTP without.</param>
    public RegistryProxy(Uri upstream, X509Certificate2? certificate = null)
    {
        _upstream = upstream;
        _certificate = certificate;
    }

    public int Port { get; private set; }

    /// <summary>The name clients use: <c>127.0.0.1:port</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>Another name of the same proxy, for redirects to "another host": <c>127.0.0.2:port</c>.</summary>
    public string AlternateHost => $"127.0.0.2:{Port}";

    /// <summary>The proxy's root URL: <c>http://127.0.0.1:port</c>, or https with a certificate.</summary>
    public string Url => $"{(_certificate is null ? "http" : "https")}://{Host}";

    public IReadOnlyCollection<ProxiedRequest> Requests => _requests.ToArray();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Any, 0, listen =>
            {
                if (_certificate is not null)
                {
                    listen.UseHttps(_certificate);
                }
            });
            k.Limits.MaxRequestBodySize = null;
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync().ConfigureAwait(false);
        var address = _app.Urls.First();
        Port = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
    }

    /// <summary>GETs of the blob that reached the proxy (faulted ones included; the storage leg of a redirect is not counted twice).</summary>
    public int BlobGets(Digest digest) => _blobGets.GetValueOrDefault(digest);

    public void Inject(BlobFault fault)
    {
        lock (_faults)
        {
            _faults.Add(fault);
        }
    }

    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var pathAndQuery = request.Path.Value + request.QueryString.Value;
        var logged = 0;
        void Log()
        {
            if (Interlocked.Exchange(ref logged, 1) == 0)
            {
                _requests.Enqueue(new ProxiedRequest(
                    request.Method, request.Host.Value ?? string.Empty, pathAndQuery,
                    request.Headers.Authorization.FirstOrDefault(), request.Headers.Range.FirstOrDefault(), context.Response.StatusCode));
            }
        }

        // Logged as the headers go out, before the body: a client that has read the whole body finds its request here.
        context.Response.OnStarting(() =>
        {
            Log();
            return Task.CompletedTask;
        });
        try
        {
            await RouteAsync(context, pathAndQuery).ConfigureAwait(false);
        }
        finally
        {
            Log();
        }
    }

    private async Task RouteAsync(HttpContext context, string pathAndQuery)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(StoragePrefix.TrimEnd('/'), StringComparison.Ordinal))
        {
            var ticket = request.Path.Value![StoragePrefix.Length..];
            if (!_tickets.TryGetValue(ticket, out var original))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            // Storage trusts its ticket, as a pre-signed URL: the registry's token is used here, never taken from the client.
            await ForwardAsync(context, original.Path, original.Authorization, null).ConfigureAwait(false);
            return;
        }

        var match = ContentPath().Match(request.Path.Value ?? string.Empty);
        if (!HttpMethods.IsGet(request.Method) || !match.Success)
        {
            await ForwardAsync(context, pathAndQuery, request.Headers.Authorization.FirstOrDefault(), null).ConfigureAwait(false);
            return;
        }

        var isBlob = match.Groups[1].Value == "blobs";
        var reference = match.Groups[2].Value;
        if (isBlob && Digest.TryParse(reference, out var digest))
        {
            _blobGets.AddOrUpdate(digest, 1, (_, n) => n + 1);
        }

        var fault = TakeFault(reference, isBlob);
        switch (fault?.Kind)
        {
            case BlobFaultKind.ServiceUnavailable:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            case BlobFaultKind.TooManyRequests:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            case BlobFaultKind.RedirectToAlternateHost:
                var ticket = Guid.NewGuid().ToString("N");
                _tickets[ticket] = (pathAndQuery, request.Headers.Authorization.FirstOrDefault());
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = $"http://{AlternateHost}{StoragePrefix}{ticket}";
                return;
            case BlobFaultKind.Delay:
                await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);
                await ForwardAsync(context, pathAndQuery, request.Headers.Authorization.FirstOrDefault(), null).ConfigureAwait(false);
                return;
            default:
                await ForwardAsync(context, pathAndQuery, request.Headers.Authorization.FirstOrDefault(), fault).ConfigureAwait(false);
                return;
        }
    }

    private BlobFault? TakeFault(string reference, bool isBlob)
    {
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Applies(reference, isBlob));
            if (fault is not null)
            {
                fault.Remaining--;
            }

            return fault;
        }
    }

    private async Task ForwardAsync(HttpContext context, string pathAndQuery, string? authorization, BlobFault? fault)
    {
        var request = context.Request;
        using var upstream = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, pathAndQuery));
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody || HttpMethods.IsPut(request.Method) || HttpMethods.IsPost(request.Method) || HttpMethods.IsPatch(request.Method))
        {
            upstream.Content = new StreamContent(request.Body);
        }

        foreach (var header in request.Headers)
        {
            if (header.Key is "Host" or "Authorization" or "Transfer-Encoding" or "Connection")
            {
                continue;
            }

            if (!upstream.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                upstream.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        if (authorization is not null)
        {
            upstream.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        // The registry builds upload Locations from Host, so they point back at the proxy.
        upstream.Headers.Host = request.Host.Value;
        using var response = await _http.SendAsync(upstream, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (header.Key is "Transfer-Encoding" or "Connection")
            {
                continue;
            }

            context.Response.Headers[header.Key] = header.Value.ToArray();
        }

        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
        await CopyBodyAsync(context, body, fault).ConfigureAwait(false);
    }

    private static async Task CopyBodyAsync(HttpContext context, Stream body, BlobFault? fault)
    {
        var buffer = new byte[64 * 1024];
        long sent = 0;
        int n;
        while ((n = await body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (fault?.Kind == BlobFaultKind.Truncate && sent + n >= fault.AfterBytes)
            {
                var keep = (int)(fault.AfterBytes - sent);
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, keep), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                // Let the client read what was sent: an abort (RST) right away can discard bytes still in its socket buffer.
                await Task.Delay(TruncateGrace).ConfigureAwait(false);
                context.Abort();
                return;
            }

            if (fault?.Kind == BlobFaultKind.Corrupt && fault.AfterBytes >= sent && fault.AfterBytes < sent + n)
            {
                buffer[fault.AfterBytes - sent] ^= 0xFF;
            }

            await context.Response.Body.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted).ConfigureAwait(false);
            sent += n;
        }
    }

    [GeneratedRegex("^/v2/.+/(blobs|manifests)/([^/]+)$")]
    private static partial Regex ContentPath();
}
