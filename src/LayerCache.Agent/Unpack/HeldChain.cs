using LayerCache.Core.Model;

namespace LayerCache.Agent.Unpack;

/// <summary>
/// A committed snapshot the agent's lease holds and no image does: one unpacked layer (<see cref="Layer"/>, when its
/// blob is known) on top of <see cref="Parent"/>. <see cref="Bytes"/> is its own usage on disk, parents not counted.
/// </summary>
public sealed record HeldChain(string Name, string Parent, long Bytes, Digest? Layer);
