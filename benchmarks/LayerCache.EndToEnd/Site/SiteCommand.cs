namespace LayerCache.EndToEnd.Site;

/// <summary>The site's hidden subcommand <c>site-hold</c>: a live site for the tests to kill.</summary>
internal static class SiteCommand
{
    public const string ReadyLine = "site ready";

    /// <summary>
    /// <c>layercache-e2e site-hold [--nodes N] [--wan shared|per-node]</c>: builds a site with a long-lived process
    /// in every node and the relay in the cloud, prints <see cref="ReadyLine"/>, and holds it until cancelled.
    /// </summary>
    public static async Task<int> RunHoldAsync(SiteSettings settings, CancellationToken cancellationToken)
    {
        settings.Validate();
        var run = await RunDirectory.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using var site = await EdgeSite.CreateAsync(settings, run, cancellationToken).ConfigureAwait(false);
        foreach (var node in site.Nodes)
        {
            run.Start($"hold-{node.Name}", "/bin/sleep", ["600"], node.Namespace);
        }

        await site.StartRelayAsync(HarnessExecutable.Path, 5000, 5000, cancellationToken).ConfigureAwait(false);
        await site.ShapeAsync().ConfigureAwait(false);
        await Console.Out.WriteLineAsync(ReadyLine).ConfigureAwait(false);
        await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop: the site is disposed on the way out.
        }

        return 0;
    }
}
