using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Endpoints;

/// <summary>
/// Kestrel's endpoints. Without a TLS handshake a port that speaks HTTP/1.1 cannot also negotiate HTTP/2, so
/// plaintext gRPC gets its own HTTP/2-only port (<see cref="CoordinatorOptions.GrpcPort"/>). Endpoints set in code
/// replace <c>--urls</c>, so when that port is on, the <c>--urls</c> addresses are listened on here as well.
/// </summary>
public sealed class CoordinatorListeners(
    IOptions<CoordinatorOptions> options, IConfiguration configuration, ApiAccess access, TimeProvider time, ILogger<CoordinatorListeners> logger)
    : IConfigureOptions<KestrelServerOptions>, IDisposable
{
    private ReloadingCertificate? _certificate;

    private ListenOptions? _grpc;
    private ListenOptions? _metrics;

    /// <summary>The metrics port's address once the server has started, when <see cref="CoordinatorOptions.MetricsPort"/> is set.</summary>
    public IPEndPoint? MetricsEndPoint => _metrics?.IPEndPoint;

    /// <summary>Whether any listener is configured for HTTPS (in <c>--urls</c> or <c>Kestrel:Endpoints</c>).</summary>
    public static bool HttpsConfigured(IConfiguration configuration) =>
        Urls(configuration).Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? ""))
            .Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The gRPC port's address once the server has started (its real port when 0 was asked for).</summary>
    public IPEndPoint? GrpcEndPoint => _grpc?.IPEndPoint;

    public void Configure(KestrelServerOptions kestrel)
    {
        var o = options.Value;
        kestrel.Limits.MaxRequestBodySize = o.MaxRequestBodyBytes;
        kestrel.Limits.MaxConcurrentConnections = o.MaxConcurrentConnections;
        kestrel.Limits.MaxConcurrentUpgradedConnections = o.MaxConcurrentConnections;
        kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        kestrel.Limits.RequestHeadersTimeout = o.RequestHeadersTimeout;
        if (configuration["Kestrel:Certificates:Default:Path"] is { Length: > 0 } certificatePath)
        {
            _certificate = new ReloadingCertificate(certificatePath, configuration["Kestrel:Certificates:Default:KeyPath"], time, logger);
        }

        // One call: each call replaces what an earlier one set.
        var reloading = _certificate;
        kestrel.ConfigureHttpsDefaults(https =>
        {
            if (reloading is not null)
            {
                // Kestrel reads the files once; a renewed certificate is served without a restart.
                https.ServerCertificateSelector = (_, _) => reloading.Current();
            }

            if (access.ChecksClientCertificates)
            {
                // Asked for, not required: a caller without one may still present the bearer token.
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => access.IsTrustedClient(certificate);
            }
        });

        if (o.GrpcPort is null && o.MetricsPort is null)
        {
            return;
        }

        foreach (var url in Urls(configuration))
        {
            Listen(kestrel, BindingAddress.Parse(url));
        }

        if (o.MetricsPort is { } metrics)
        {
            // Plain HTTP for probes and scrapes; ApiAccess answers only health and metrics here.
            kestrel.Listen(IPAddress.Parse(o.GrpcBindAddress), metrics, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                _metrics = listen;
            });
        }

        if (o.GrpcPort is not { } port)
        {
            return;
        }

        // With TLS on, gRPC is served over TLS too: no plaintext listener answers the API.
        var tls = access.TlsOn;
        kestrel.Listen(IPAddress.Parse(o.GrpcBindAddress), port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (tls)
            {
                listen.UseHttps();
            }

            _grpc = listen;
        });
    }

    public void Dispose() => _certificate?.Dispose();

    private static IEnumerable<string> Urls(IConfiguration configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (configuration[WebHostDefaults.HttpPortsKey] is { Length: > 0 } ports)
        {
            return ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}");
        }

        return ["http://localhost:5000"];
    }

    private static void Listen(KestrelServerOptions kestrel, BindingAddress address)
    {
        void Configure(ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            if (address.Scheme == Uri.UriSchemeHttps)
            {
                listen.UseHttps();
            }
        }

        if (address.IsUnixPipe)
        {
            kestrel.ListenUnixSocket(address.UnixPipePath, Configure);
        }
        else if (address.Host == "localhost")
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else if (IPAddress.TryParse(address.Host, out var ip))
        {
            kestrel.Listen(ip, address.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(address.Port, Configure);
        }
    }
}
