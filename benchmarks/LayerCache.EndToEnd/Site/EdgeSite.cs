using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LayerCache.EndToEnd.Site;

/// <summary>
/// An edge site on this machine: a network namespace per node on a bridge (the site LAN, with the host at
/// <see cref="HostAddress"/> for Redis and the coordinator) and a veth uplink to <see cref="CloudNamespace"/>,
/// where the registry runs. Owns its <see cref="RunDirectory"/>: disposing stops every process of the run and
/// removes everything the site made.
/// </summary>
internal sealed class EdgeSite : IAsyncDisposable
{
    private readonly SiteSettings _settings;
    private bool _disposed;

    private EdgeSite(SiteSettings settings, RunDirectory run)
    {
        _settings = settings;
        Run = run;
        Nodes = [.. Enumerable.Range(0, settings.Nodes).Select(i =>
            new SiteNode(i, SiteNames.NodeName(i), SiteNames.NodeNamespace(i), SiteNames.NodeAddress(i)))];
    }

    public string HostAddress => SiteNames.HostAddress;

    public string CloudAddress => SiteNames.CloudAddress;

    public string CloudNamespace => SiteNames.CloudNamespace;

    public IReadOnlyList<SiteNode> Nodes { get; }

    public RunDirectory Run { get; }

    /// <summary>Builds the site's network; on failure removes what it made and disposes <paramref name="run"/>.</summary>
    public static async Task<EdgeSite> CreateAsync(SiteSettings settings, RunDirectory run, CancellationToken cancellationToken)
    {
        var site = new EdgeSite(settings, run);
        try
        {
            settings.Validate();
            await site.BuildAsync(cancellationToken).ConfigureAwait(false);
            return site;
        }
        catch
        {
            await site.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        await ForwardingRules.EnableAsync(Run.Path, cancellationToken).ConfigureAwait(false);

        await Ip("link", "add", SiteNames.Bridge, "type", "bridge").ConfigureAwait(false);
        await Ip("addr", "add", $"{SiteNames.HostAddress}/{SiteNames.LanPrefixLength}", "dev", SiteNames.Bridge).ConfigureAwait(false);
        await Ip("link", "set", SiteNames.Bridge, "up").ConfigureAwait(false);

        foreach (var node in Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var link = SiteNames.NodeLink(node.Index);
            await Ip("netns", "add", node.Namespace).ConfigureAwait(false);
            await Ip("link", "add", link, "type", "veth", "peer", "name", "eth0", "netns", node.Namespace).ConfigureAwait(false);
            await Ip("link", "set", link, "master", SiteNames.Bridge).ConfigureAwait(false);
            await Ip("link", "set", link, "up").ConfigureAwait(false);
            await InsideAsync(node.Namespace, $"{node.Address}/{SiteNames.LanPrefixLength}", SiteNames.HostAddress).ConfigureAwait(false);
        }

        await Ip("netns", "add", SiteNames.CloudNamespace).ConfigureAwait(false);
        await Ip("link", "add", SiteNames.WanLink, "type", "veth", "peer", "name", "eth0", "netns", SiteNames.CloudNamespace).ConfigureAwait(false);
        await Ip("addr", "add", $"{SiteNames.WanHostAddress}/30", "dev", SiteNames.WanLink).ConfigureAwait(false);
        await Ip("link", "set", SiteNames.WanLink, "up").ConfigureAwait(false);
        await InsideAsync(SiteNames.CloudNamespace, $"{SiteNames.CloudAddress}/30", SiteNames.WanHostAddress).ConfigureAwait(false);
    }

    private static async Task InsideAsync(string ns, string addressWithPrefix, string gateway)
    {
        await Ip("-n", ns, "link", "set", "lo", "up").ConfigureAwait(false);
        await Ip("-n", ns, "addr", "add", addressWithPrefix, "dev", "eth0").ConfigureAwait(false);
        await Ip("-n", ns, "link", "set", "eth0", "up").ConfigureAwait(false);
        await Ip("-n", ns, "route", "add", "default", "via", gateway).ConfigureAwait(false);
    }

    /// <summary>Applies the LAN and uplink rates. Call after the registry is filled: pushing images must not be throttled.</summary>
    public async Task ShapeAsync()
    {
        foreach (var command in ShapingPlan.For(_settings))
        {
            await HostCommand.RunAsync(command.Namespace is null ? HostCommand.Tc : HostCommand.Ip, command.IpArgs).ConfigureAwait(false);
        }
    }

    /// <summary>Bytes that have crossed the uplink toward the site: what the cloud end of the uplink has sent.</summary>
    public async Task<long> WanBytesAsync()
    {
        var text = await Ip("netns", "exec", SiteNames.CloudNamespace, "cat", "/sys/class/net/eth0/statistics/tx_bytes").ConfigureAwait(false);
        return long.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="action"/> inside a namespace of the site; sockets it creates stay there.</summary>
    public static T RunInNamespace<T>(string networkNamespace, Func<T> action) => NetworkNamespace.Run(networkNamespace, action);

    /// <summary>
    /// Starts the uplink's delay: <c>relay</c> in the cloud namespace, listening on <see cref="CloudAddress"/>:<paramref name="listenPort"/>
    /// and forwarding to 127.0.0.1:<paramref name="targetPort"/> there, and waits until it accepts from the site.
    /// </summary>
    /// <param name="executablePath">The layercache-e2e apphost, or its .dll (run with dotnet).</param>
    public async Task<SupervisedProcess> StartRelayAsync(string executablePath, int listenPort, int targetPort, CancellationToken cancellationToken)
    {
        var isDll = executablePath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        List<string> args = isDll ? [executablePath] : [];
        args.AddRange(
        [
            "relay",
            "--listen", $"{SiteNames.CloudAddress}:{listenPort}",
            "--to", $"127.0.0.1:{targetPort}",
            "--delay-ms", _settings.WanDelayMs.ToString(CultureInfo.InvariantCulture),
        ]);
        var relay = Run.Start($"relay-{listenPort}", isDll ? DotnetHost : executablePath, args, SiteNames.CloudNamespace);

        using var ceiling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ceiling.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (relay.HasExited)
            {
                throw new InvalidOperationException($"The relay exited with {relay.ExitCode} before it listened:\n{relay.LogTail(20)}");
            }

            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Parse(SiteNames.CloudAddress), listenPort, ceiling.Token).ConfigureAwait(false);
                return relay;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), ceiling.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The relay did not listen on {SiteNames.CloudAddress}:{listenPort} within 60 s:\n{relay.LogTail(20)}");
            }
        }
    }

    /// <summary>The dotnet host running this process, or dotnet from PATH when this is an apphost.</summary>
    private static string DotnetHost =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>
    /// Removes one part of the run (a policy's nodes, the calibration node) once its processes are stopped: whatever
    /// still runs under it (containerd's shims, containers) is killed, its mounts undone, the directory deleted.
    /// </summary>
    public async Task RemoveDirectoryAsync(string directory)
    {
        await ProcessTable.KillUnderAsync(directory, TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(false);
        Leftovers.RemoveDirectory(directory);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Processes hold namespaces open: stop them before the namespaces go.
        try
        {
            await Run.StopProcessesAsync().ConfigureAwait(false);
        }
        finally
        {
            await Leftovers.RemoveNetworkAsync().ConfigureAwait(false);
            await ForwardingRules.RestoreAsync(Run.Path).ConfigureAwait(false);
            await Run.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Task<string> Ip(params string[] args) => HostCommand.IpAsync(args);
}
