using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LayerCache.Coordinator.Api;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Endpoints;

/// <summary>
/// Who may call the extender (<c>/scheduler</c>), the HTTP API (<c>/v1</c>) and the gRPC hints: with TLS on, only over
/// TLS (a plaintext listener answers them 403); with <see cref="CoordinatorOptions.ClientCaFile"/> or
/// <see cref="CoordinatorOptions.ApiTokenFile"/> set, only a caller with a client certificate that CA issued (checked
/// in the handshake) or with <c>Authorization: Bearer</c> and the token (401 otherwise). Health and metrics stay open.
/// </summary>
public sealed class ApiAccess
{
    /// <summary>The gRPC hints service's path prefix, from its descriptor, so a renamed proto package stays guarded.</summary>
    private static readonly PathString GrpcHintsPath = "/" + Rpc.Hints.Descriptor.FullName;

    private readonly byte[]? _token;
    private readonly X509Certificate2Collection? _clientAuthorities;

    private readonly bool _metricsApart;

    public ApiAccess(IOptions<CoordinatorOptions> options, IConfiguration configuration)
    {
        var o = options.Value;
        _metricsApart = o.MetricsPort is not null;
        TlsOn = CoordinatorListeners.HttpsConfigured(configuration);
        if (!string.IsNullOrWhiteSpace(o.ApiTokenFile))
        {
            _token = Encoding.UTF8.GetBytes(File.ReadAllText(o.ApiTokenFile).Trim());
            if (_token.Length == 0)
            {
                throw new InvalidOperationException($"Coordinator:ApiTokenFile {o.ApiTokenFile} is empty");
            }
        }

        if (!string.IsNullOrWhiteSpace(o.ClientCaFile))
        {
            _clientAuthorities = [];
            _clientAuthorities.ImportFromPemFile(o.ClientCaFile);
        }
    }

    /// <summary>Whether any listener serves HTTPS: the guarded routes are then served over TLS only.</summary>
    public bool TlsOn { get; }

    public bool RequiresCaller => _token is not null || _clientAuthorities is not null;

    public static bool IsGuarded(PathString path) =>
        path.StartsWithSegments("/scheduler", StringComparison.Ordinal)
        || path.StartsWithSegments("/v1", StringComparison.Ordinal)
        || path.StartsWithSegments(GrpcHintsPath, StringComparison.Ordinal);

    /// <summary>Checks a client certificate in the TLS handshake: it must chain to the configured CA.</summary>
    public bool IsTrustedClient(X509Certificate2 certificate)
    {
        if (_clientAuthorities is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_clientAuthorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    public bool ChecksClientCertificates => _clientAuthorities is not null;

    /// <summary>Health and metrics, which <see cref="CoordinatorOptions.MetricsPort"/> moves to a port of their own.</summary>
    public static bool IsOperational(PathString path) =>
        path == "/metrics" || path == "/healthz" || path == "/readyz";

    /// <summary>Null when the request may go on, else the status and reason to answer with.</summary>
    /// <param name="onMetricsPort">Whether the request came in on <see cref="CoordinatorOptions.MetricsPort"/>.</param>
    public (int Status, string Reason)? Refusal(HttpContext context, bool onMetricsPort = false)
    {
        if (_metricsApart && onMetricsPort != IsOperational(context.Request.Path))
        {
            return (StatusCodes.Status404NotFound, onMetricsPort ? "this port serves only /metrics, /healthz and /readyz" : "served on Coordinator:MetricsPort");
        }

        if (!IsGuarded(context.Request.Path))
        {
            return null;
        }

        if (TlsOn && !context.Request.IsHttps)
        {
            return (StatusCodes.Status403Forbidden, "this endpoint is served over TLS only");
        }

        if (!RequiresCaller)
        {
            return null;
        }

        // A certificate reaches here only when the handshake accepted it, which only the configured CA's do.
        if (context.Connection.ClientCertificate is not null && _clientAuthorities is not null)
        {
            return null;
        }

        if (_token is not null && context.Request.Headers.Authorization.ToString() is { Length: > 7 } header
            && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), _token))
        {
            return null;
        }

        return (StatusCodes.Status401Unauthorized, "a client certificate or a bearer token is required");
    }
}

/// <summary>Answers a request <see cref="ApiAccess"/> refuses, before any route sees it.</summary>
internal sealed class ApiAccessMiddleware(RequestDelegate next, ApiAccess access, CoordinatorListeners listeners)
{
    public Task InvokeAsync(HttpContext context)
    {
        var onMetricsPort = listeners.MetricsEndPoint is { } metrics && context.Connection.LocalPort == metrics.Port;
        if (access.Refusal(context, onMetricsPort) is not { } refusal)
        {
            return next(context);
        }

        context.Response.StatusCode = refusal.Status;
        if (refusal.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return context.Response.WriteAsJsonAsync(new ApiError(refusal.Reason), HintJson.Default.ApiError);
    }
}
