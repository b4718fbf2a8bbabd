namespace LayerCache.Agent.Unpack;

/// <summary>An image could not be unpacked ahead: its config is unusable, or a layer did not unpack to its diff ID.</summary>
public sealed class UnpackException : Exception
{
    public UnpackException(string message)
        : base(message)
    {
    }

    public UnpackException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
