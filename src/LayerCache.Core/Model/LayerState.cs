namespace LayerCache.Core.Model;

/// <summary>How far a layer is on a node.</summary>
public enum LayerState
{
    /// <summary>Not on the node.</summary>
    Absent = 0,

    /// <summary>Being downloaded; its bytes are already reserved.</summary>
    Fetching = 1,

    /// <summary>The blob is in the content store but no snapshot exists yet.</summary>
    Present = 2,

    /// <summary>A snapshot exists: nothing is left to do before a container can use it.</summary>
    Unpacked = 3,
}
