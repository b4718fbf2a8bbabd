namespace LayerCache.Containerd.Tests;

/// <summary>A seekable source that runs a callback once, when a read starts at or past a position.</summary>
internal sealed class CallbackStream(byte[] bytes, long breakAt, Action onBreak) : MemoryStream(bytes, writable: false)
{
    private bool _fired;

    public override int Read(byte[] buffer, int offset, int count)
    {
        Fire();
        return base.Read(buffer, offset, count);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Fire();
        return base.ReadAsync(buffer, cancellationToken);
    }

    private void Fire()
    {
        if (!_fired && Position >= breakAt)
        {
            _fired = true;
            onBreak();
        }
    }
}
