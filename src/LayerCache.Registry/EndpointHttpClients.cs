using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LayerCache.Registry;

/// <summary>
/// The HTTP clients requests go out on: one for every endpoint that takes the system's certificate checks, and one per
/// <c>hosts.toml</c> TLS setting (<c>skip_verify</c>, or <c>ca</c> roots) for the endpoints that have one. Redirects and token
/// fetches of an endpoint use its client, as containerd's do.
/// </summary>
internal sealed class EndpointHttpClients : IDisposable
{
    private readonly RegistryOptions _options;
    private readonly bool _handlerGiven;
    private readonly ConcurrentDictionary<string, HttpClient> _withTls = new(StringComparer.Ordinal);

    public EndpointHttpClients(RegistryOptions options, HttpMessageHandler? handler)
    {
        _options = options;
        _handlerGiven = handler is not null;
        Default = Create(handler ?? CreateHandler(null));
    }

    public HttpClient Default { get; }

    public HttpClient For(RegistryEndpoint? endpoint)
    {
        if (endpoint is null || _handlerGiven || endpoint.IsPlainHttp || (!endpoint.SkipVerify && endpoint.CaCertificates is not { Count: > 0 }))
        {
            return Default;
        }

        var key = endpoint.SkipVerify ? "skip_verify" : string.Join(',', endpoint.CaCertificates!.Select(c => c.Thumbprint).Order(StringComparer.Ordinal));
        return _withTls.GetOrAdd(key, _ => Create(CreateHandler(Validation(endpoint))));
    }

    public void Dispose()
    {
        Default.Dispose();
        foreach (var client in _withTls.Values)
        {
            client.Dispose();
        }
    }

    private static HttpClient Create(HttpMessageHandler handler) => new(handler) { Timeout = Timeout.InfiniteTimeSpan };

    // Redirects are followed by hand (RegistryTransport) so Authorization never follows one to another host.
    private SocketsHttpHandler CreateHandler(RemoteCertificateValidationCallback? validation) => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = _options.RequestTimeout,
        SslOptions = { RemoteCertificateValidationCallback = validation },
    };

    // skip_verify accepts any certificate, as Go's InsecureSkipVerify does; ca adds roots the chain may end at, the name
    // must still match.
    private static RemoteCertificateValidationCallback Validation(RegistryEndpoint endpoint)
    {
        if (endpoint.SkipVerify)
        {
            return (_, _, _, _) => true;
        }

        var roots = endpoint.CaCertificates!;
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is not X509Certificate2 leaf)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            return chain.Build(leaf);
        };
    }
}
