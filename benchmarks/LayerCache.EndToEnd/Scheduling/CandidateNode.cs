namespace LayerCache.EndToEnd.Scheduling;

/// <summary>A node of the site as the scheduler sees it for one pod: pods bound to it and how many it can run.</summary>
internal sealed record CandidateNode(string Name, int BusySlots, int Slots)
{
    public bool HasFreeSlot => BusySlots < Slots;
}
