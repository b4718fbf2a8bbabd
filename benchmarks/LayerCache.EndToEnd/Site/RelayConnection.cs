using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace LayerCache.EndToEnd.Site;

/// <summary>
/// One client of the <see cref="DelayRelay"/>: client to target passes straight through; each chunk from the target
/// is held until its read time plus the delay, in a pipeline so the delay adds latency without cutting throughput.
/// </summary>
internal sealed class RelayConnection
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Chunks in flight per connection (16 MiB): more than a gigabit uplink carries in 100 ms.</summary>
    private const int ChunksInFlight = 256;

    private readonly Socket _client;
    private readonly Socket _upstream;
    private readonly TimeSpan _delay;
    private readonly TimeProvider _time;

    private RelayConnection(Socket client, Socket upstream, TimeSpan delay, TimeProvider time)
    {
        _client = client;
        _upstream = upstream;
        _delay = delay;
        _time = time;
    }

    /// <summary>Connects to the target and relays until both sides are done; any error closes both.</summary>
    public static async Task RunAsync(Socket client, IPEndPoint target, TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        using var upstream = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            client.NoDelay = true;
            await upstream.ConnectAsync(target, closing.Token).ConfigureAwait(false);
            var connection = new RelayConnection(client, upstream, delay, time);
            var up = connection.ForwardAsync(closing);
            var down = connection.DelayedBackAsync(closing);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // One connection failing must not take the relay down; both sockets close below.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task ForwardAsync(CancellationTokenSource closing)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await _client.ReceiveAsync(buffer.AsMemory(0, ChunkBytes), closing.Token).ConfigureAwait(false)) > 0)
            {
                await SendAllAsync(_upstream, buffer.AsMemory(0, read), closing.Token).ConfigureAwait(false);
            }

            ShutdownSend(_upstream);
        }
        catch
        {
            await closing.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task DelayedBackAsync(CancellationTokenSource closing)
    {
        var chunks = Channel.CreateBounded<DelayedChunk>(new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true });
        var reader = ReadUpstreamAsync(chunks.Writer, closing);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(closing.Token).ConfigureAwait(false))
            {
                try
                {
                    // Again until the delay is whole: a timer fires on the system's coarse tick, up to a few milliseconds early.
                    for (var wait = Left(chunk); wait > TimeSpan.Zero; wait = Left(chunk))
                    {
                        await Task.Delay(wait, _time, closing.Token).ConfigureAwait(false);
                    }

                    await SendAllAsync(_client, chunk.Buffer.AsMemory(0, chunk.Length), closing.Token).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk.Buffer);
                }
            }

            ShutdownSend(_client);
        }
        catch
        {
            await closing.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            await reader.ConfigureAwait(false);
            while (chunks.Reader.TryRead(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Buffer);
            }
        }
    }

    /// <summary>Never throws: a failure cancels the connection and completes the channel.</summary>
    /// <summary>How much longer the chunk is held before it is sent on.</summary>
    private TimeSpan Left(DelayedChunk chunk) => _delay - _time.GetElapsedTime(chunk.ReadTimestamp);

    private async Task ReadUpstreamAsync(ChannelWriter<DelayedChunk> chunks, CancellationTokenSource closing)
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                int read;
                try
                {
                    read = await _upstream.ReceiveAsync(buffer.AsMemory(0, ChunkBytes), closing.Token).ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }

                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                var chunk = new DelayedChunk(_time.GetTimestamp(), buffer, read);
                if (!chunks.TryWrite(chunk))
                {
                    try
                    {
                        await chunks.WriteAsync(chunk, closing.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        throw;
                    }
                }
            }

            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.TryComplete(e);
            await closing.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Passes an end of stream on; the other side may already have gone, which is not an error here.</summary>
    private static void ShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already closed by the peer.
        }
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    private readonly record struct DelayedChunk(long ReadTimestamp, byte[] Buffer, int Length);
}
