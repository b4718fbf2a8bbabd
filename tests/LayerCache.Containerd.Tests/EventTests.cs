using System.Threading.Channels;
using LayerCache.Testing.Containerd;

namespace LayerCache.Containerd.Tests;

public sealed class EventTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>
{
    /// <summary>How long an event may take to arrive: a ceiling a busy machine meets, not an expected time.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SubscribeEvents_YieldsTypedImageContainerAndContentEvents()
    {
        using var client = containerd.CreateClient();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = Channel.CreateUnbounded<ContainerdEvent>();
        var pump = PumpAsync(client.SubscribeEventsAsync([$"namespace==\"{client.Namespace}\""], stop.Token), events.Writer);
        await WaitUntilSubscribedAsync(client, events.Reader);

        var written = await SyntheticImageWriter.WriteAsync(client, "registry.test/app/events:1");
        var created = await NextAsync<ImageEvent>(events.Reader, e => e.Name == written.Name);
        Assert.Equal(ImageEventKind.Created, created.Kind);
        Assert.Equal("/images/create", created.Topic);
        Assert.Equal(client.Namespace, created.Namespace);
        Assert.True(created.Timestamp > DateTimeOffset.UtcNow.AddMinutes(-1));

        await client.CreateContainerAsync("events-app", written.Name, CancellationToken.None);
        var container = await NextAsync<ContainerEvent>(events.Reader, e => e.Id == "events-app");
        Assert.Equal(ContainerEventKind.Created, container.Kind);
        Assert.Equal(written.Name, container.Image);

        await client.DeleteContainerAsync("events-app", CancellationToken.None);
        var containerDeleted = await NextAsync<ContainerEvent>(events.Reader, e => e.Id == "events-app");
        Assert.Equal(ContainerEventKind.Deleted, containerDeleted.Kind);

        await client.DeleteImageAsync(written.Name, cancellationToken: CancellationToken.None);
        var deleted = await NextAsync<ImageEvent>(events.Reader, e => e.Name == written.Name && e.Kind != ImageEventKind.Created);
        Assert.Equal(ImageEventKind.Deleted, deleted.Kind);

        var layer = written.Layers[0].Digest;
        await client.DeleteContentAsync(layer, CancellationToken.None);
        var contentDeleted = await NextAsync<ContentDeletedEvent>(events.Reader, e => e.Digest == layer);
        Assert.Equal("/content/delete", contentDeleted.Topic);

        await stop.CancelAsync();
        await pump;
    }

    /// <summary>
    /// Nothing says when containerd has registered the subscription, so images are written until one's event arrives;
    /// the events of the others are skipped by the matches that follow.
    /// </summary>
    private static async Task WaitUntilSubscribedAsync(ContainerdClient client, ChannelReader<ContainerdEvent> events)
    {
        var deadline = DateTimeOffset.UtcNow + Within;
        for (var probe = 0; ; probe++)
        {
            var written = await SyntheticImageWriter.WriteAsync(client, $"registry.test/app/events-probe:{probe}");
            await client.DeleteImageAsync(written.Name, cancellationToken: CancellationToken.None);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                while (await events.ReadAsync(wait.Token) is not ImageEvent { Name: var name } || !name.StartsWith("registry.test/app/events-probe:", StringComparison.Ordinal))
                {
                }

                return;
            }
            catch (OperationCanceledException)
            {
                // Not subscribed yet: the next probe, until the ceiling.
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    throw new Xunit.Sdk.XunitException($"No event of the subscription arrived within {Within.TotalSeconds} s.");
                }
            }
        }
    }

    private static async Task PumpAsync(IAsyncEnumerable<ContainerdEvent> source, ChannelWriter<ContainerdEvent> sink)
    {
        try
        {
            await foreach (var e in source)
            {
                await sink.WriteAsync(e);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled })
        {
            // The test is over.
        }
    }

    private static async Task<T> NextAsync<T>(ChannelReader<ContainerdEvent> reader, Func<T, bool> match)
        where T : ContainerdEvent
    {
        using var timeout = new CancellationTokenSource(Within);
        try
        {
            while (true)
            {
                if (await reader.ReadAsync(timeout.Token) is T typed && match(typed))
                {
                    return typed;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No matching {typeof(T).Name} within {Within.TotalSeconds} s.");
        }
    }
}
