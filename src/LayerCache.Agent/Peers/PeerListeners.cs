using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Peers;

/// <summary>
/// The peer port and the mirror port, each a Kestrel server of its own beside the agent's health and metrics port:
/// nothing else is answered on them, they read no settings of the agent's web host, and each has its own limits.
/// </summary>
public sealed partial class PeerListeners(PeerBlobServer peers, ContainerdMirror mirror, IOptions<AgentOptions> options, ILogger<PeerListeners> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly List<WebApplication> _servers = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value.Peers;
        if (o.Port != 0)
        {
            await StartAsync(o.BindAddress, o.Port, o.MaxUploads * 4, peers.HandleAsync, cancellationToken).ConfigureAwait(false);
            LogServing(logger, "blobs to peers", o.BindAddress, o.Port, o.AdvertiseAddress);
        }

        if (o.MirrorPort != 0)
        {
            await StartAsync(o.MirrorBindAddress, o.MirrorPort, 256, mirror.HandleAsync, cancellationToken).ConfigureAwait(false);
            LogServing(logger, "containerd's mirror", o.MirrorBindAddress, o.MirrorPort, $"site '{o.Site}'");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var server in _servers)
        {
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        _servers.Clear();
    }

    private async Task StartAsync(string address, int port, int maxConnections, RequestDelegate handler, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = maxConnections;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Listen(IPAddress.Parse(address), port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var server = builder.Build();
        server.Run(handler);
        _servers.Add(server);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving {What} on {Address}:{Port} ({Detail})")]
    private static partial void LogServing(ILogger logger, string what, string address, int port, string detail);
}
