namespace LayerCache.Core.Inventory;

/// <summary>What one reconciliation changed in a node's cache; all zero when the cache already matched.</summary>
public sealed record InventoryChanges(int ImagesAdded, int ImagesRemoved, int BlobsAdded, int BlobsRemoved, int PinsChanged)
{
    public bool IsEmpty => ImagesAdded == 0 && ImagesRemoved == 0 && BlobsAdded == 0 && BlobsRemoved == 0 && PinsChanged == 0;
}
