using System.Collections;
using System.Numerics;
using System.Runtime.InteropServices;

namespace LayerCache.Core.Model;

/// <summary>
/// The node's layers, kept in one array of entries with a hash index of its own, so that a layer on a node is no
/// object of its own: a coordinator's view of 5,000 nodes holds 2.5 million of them. What only some nodes need is kept
/// in arrays beside it, each made when the node first needs it: use counts (a node that runs pods) and
/// <see cref="LayerUse"/> (a node that unpacks layers ahead or evicts by GDSF).
/// </summary>
public sealed partial class NodeCache
{
    private LayerEntry[] _entries = [];

    /// <summary>Per entry, in step with <see cref="_entries"/>: null while no entry has any of it.</summary>
    private LayerUse[]? _use;

    /// <summary>Per entry, in step with <see cref="_entries"/>: how many times an image with the layer was used; null until the node first counts a use (a pod's start; in a coordinator's view, a container the node reports).</summary>
    private uint[]? _useCounts;

    /// <summary>Per hash bucket, one more than the first entry of its chain (0: empty); a power of two long.</summary>
    private int[] _buckets = [];

    private int _count;

    /// <summary>Entries ever used; the free ones below it are chained from <see cref="_freeHead"/>.</summary>
    private int _end;

    private int _freeHead = -1;

    /// <summary>Whether the entries are the thread's fill tables (<see cref="BeginFill"/>) until <see cref="EndFill"/>.</summary>
    private bool _filling;

    /// <summary>The largest fill tables a thread keeps for the next node (entries): a node of more layers fills in tables of its own.</summary>
    private const int MaxFillKept = 1 << 14;

    [ThreadStatic]
    private static LayerEntry[]? t_fillEntries;

    [ThreadStatic]
    private static int[]? t_fillBuckets;

    /// <summary>Changes when a layer is added, so that a listing of the layers knows it is out of date.</summary>
    private int _version;

    private CachedLayer Handle(int slot) => new(this, _entries[slot].Layer!, slot, _entries[slot].Stamp);

    /// <summary>
    /// One more than the last entry ever used: the entries below it that hold a layer are those whose state is not
    /// absent. For <see cref="ClusterView"/>, which indexes a whole node's layers by walking its entries in place.
    /// </summary>
    internal int EntryEnd => _end;

    /// <summary>The entry in <paramref name="slot"/>, below <see cref="EntryEnd"/>, whatever it holds.</summary>
    internal ref LayerEntry EntryAt(int slot) => ref _entries[slot];

    /// <summary>The entry a handle names, if it still holds the layer the handle was made for.</summary>
    internal ref LayerEntry EntryOf(int slot, int stamp)
    {
        ref var entry = ref _entries[slot];
        if (entry.Stamp != stamp)
        {
            throw new InvalidOperationException(
                $"The layer left node '{Name}' and its entry now holds {entry.Layer!.Digest.ToShortString()}: read a layer's state while it is on the node.");
        }

        return ref entry;
    }

    internal LayerUse UseOf(int slot, int stamp)
    {
        EntryOf(slot, stamp);
        return _use is null ? default : _use[slot];
    }

    internal uint UseCountOf(int slot, int stamp)
    {
        EntryOf(slot, stamp);
        return _useCounts is null ? 0 : _useCounts[slot];
    }

    internal void SetUseCount(int slot, int stamp, uint count)
    {
        EntryOf(slot, stamp);
        EnsureUseCounts()[slot] = count;
    }

    private int FindSlot(Digest digest)
    {
        if (_count == 0)
        {
            return -1;
        }

        var slot = _buckets[digest.GetHashCode() & (_buckets.Length - 1)] - 1;
        while (slot >= 0)
        {
            ref var entry = ref _entries[slot];
            if (entry.Layer!.Digest == digest)
            {
                return slot;
            }

            slot = entry.Next;
        }

        return -1;
    }

    private int Require(Digest digest) =>
        FindSlot(digest) is >= 0 and var slot
            ? slot
            : throw new KeyNotFoundException($"Layer {digest.ToShortString()} is not on node '{Name}'.");

    /// <summary>The entry of the layer, added in <paramref name="state"/> if the node lacks it.</summary>
    private int GetOrAddLayer(Layer layer, LayerState state, DateTimeOffset now)
    {
        // One walk of the hash chain whether the layer is there or not: this runs for every layer of every image a node reports.
        var slot = FindSlot(layer.Digest);
        if (slot >= 0)
        {
            return slot;
        }

        if (state == LayerState.Absent)
        {
            throw new ArgumentException("A layer is added as fetching, present or unpacked.", nameof(state));
        }

        if (_freeHead >= 0)
        {
            slot = _freeHead;
            _freeHead = _entries[slot].Next;
        }
        else
        {
            if (_end == _entries.Length)
            {
                Grow(_end + 1);
            }

            slot = _end++;
        }

        ref var entry = ref _entries[slot];
        var bucket = layer.Digest.GetHashCode() & (_buckets.Length - 1);
        entry = new LayerEntry(layer, state, entry)
        {
            LastUsedTicks = now.UtcTicks,
            HolderIndex = -1,
            Next = _buckets[bucket] - 1,
        };
        _buckets[bucket] = slot + 1;
        if (_use is not null || Inflation != 0)
        {
            EnsureUse()[slot] = new LayerUse { Inflation = Inflation };
        }

        if (_useCounts is not null)
        {
            _useCounts[slot] = 0;
        }

        _count++;
        _version++;
        UnreferencedLayers++;
        UsedBytes += layer.SizeBytes;
        Observer?.LayerAdded(this, Handle(slot));
        return slot;
    }

    /// <summary>Takes the layer off the node; its entry keeps what it held until the place is reused. Returns the bytes freed.</summary>
    private long DropLayer(int slot)
    {
        var layer = Handle(slot);
        var footprint = layer.FootprintBytes;
        Observer?.LayerRemoved(this, layer);

        ref var entry = ref _entries[slot];
        var bucket = entry.Layer!.Digest.GetHashCode() & (_buckets.Length - 1);
        var previous = -1;
        for (var i = _buckets[bucket] - 1; i != slot; i = _entries[i].Next)
        {
            previous = i;
        }

        if (previous < 0)
        {
            _buckets[bucket] = entry.Next + 1;
        }
        else
        {
            _entries[previous].Next = entry.Next;
        }

        entry.State = LayerState.Absent;
        entry.Next = _freeHead;
        _freeHead = slot;
        _count--;
        UnreferencedLayers--;
        UsedBytes -= footprint;
        return footprint;
    }

    private void SetState(int slot, LayerState state)
    {
        _entries[slot].State = state;
        Observer?.LayerChanged(this, Handle(slot));
    }

    /// <summary>The second array, made now if no entry needed it before (until then, every entry's is all zero).</summary>
    private LayerUse[] EnsureUse() => _use ??= new LayerUse[_entries.Length];

    /// <summary>The use counts, made now if no use was counted before (until then, every count is zero).</summary>
    private uint[] EnsureUseCounts() => _useCounts ??= new uint[_entries.Length];

    /// <summary>
    /// Fills a cache that holds no layer yet from a whole inventory, in tables of this thread's that are reused from one
    /// node to the next, sized for <paramref name="layers"/> (at least the layers the inventory can add);
    /// <see cref="EndFill"/> then copies them out at their exact size. A view filling thousands of nodes so allocates only
    /// what it keeps: tables sized for every layer of every image (shared ones counted once per image) and then trimmed
    /// had left as much garbage again for the collector to copy. False, and nothing done, for a cache that has ever held
    /// a layer: it is filled in its own tables.
    /// </summary>
    internal bool BeginFill(int images, int layers)
    {
        if (_end != 0 || _filling || _images.Count != 0)
        {
            return false;
        }

        _images.EnsureCapacity(images);
        var entries = t_fillEntries is { } kept && kept.Length >= layers ? kept : new LayerEntry[Math.Max(layers, 4)];
        t_fillEntries = null;
        _entries = entries;
        _filling = true;
        Rehash(t_fillBuckets);
        t_fillBuckets = null;
        return true;
    }

    /// <summary>Ends <see cref="BeginFill"/>: the layers move to tables of their exact size, and the thread's tables are cleared for the next node.</summary>
    internal void EndFill()
    {
        if (!_filling)
        {
            return;
        }

        _filling = false;
        var fill = _entries;
        var fillBuckets = _buckets;
        _entries = fill[.._end];
        if (_use is not null)
        {
            Array.Resize(ref _use, _end);
        }

        if (_useCounts is not null)
        {
            Array.Resize(ref _useCounts, _end);
        }

        Rehash();
        if (fill.Length <= MaxFillKept)
        {
            // Cleared, so that the thread's tables keep no layer alive and the next node's entries start from their first stamp.
            Array.Clear(fill, 0, _end);
            t_fillEntries = fill;
            t_fillBuckets = fillBuckets;
        }
    }

    private void Grow(int atLeast)
    {
        var size = Math.Max(atLeast, Math.Max(4, _entries.Length * 2));
        Array.Resize(ref _entries, size);
        if (_use is not null)
        {
            Array.Resize(ref _use, size);
        }

        if (_useCounts is not null)
        {
            Array.Resize(ref _useCounts, size);
        }

        Rehash();
    }

    /// <summary>Builds the hash index for the entries again, in <paramref name="reuse"/> (cleared first) when it is of the size needed.</summary>
    private void Rehash(int[]? reuse = null)
    {
        // A power of two between three quarters and one and a half times the entries: chains of about one entry.
        var buckets = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(_entries.Length, 1));
        var size = buckets >= _entries.Length * 3 / 2 && buckets > 1 ? buckets / 2 : buckets;
        if (reuse?.Length == size)
        {
            Array.Clear(reuse);
            _buckets = reuse;
        }
        else
        {
            _buckets = new int[size];
        }

        var mask = _buckets.Length - 1;
        for (var slot = 0; slot < _end; slot++)
        {
            ref var entry = ref _entries[slot];
            if (entry.State == LayerState.Absent)
            {
                continue;
            }

            ref var bucket = ref _buckets[entry.Layer!.Digest.GetHashCode() & mask];
            entry.Next = bucket - 1;
            bucket = slot + 1;
        }
    }

    /// <summary>The layers of one node; listing them while a layer is added throws, as a dictionary's listing does.</summary>
    public readonly struct NodeLayers : IReadOnlyCollection<CachedLayer>
    {
        private readonly NodeCache _node;

        internal NodeLayers(NodeCache node) => _node = node;

        public int Count => _node._count;

        public Enumerator GetEnumerator() => new(_node);

        IEnumerator<CachedLayer> IEnumerable<CachedLayer>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public struct Enumerator : IEnumerator<CachedLayer>
        {
            private readonly NodeCache _node;
            private readonly int _version;
            private int _slot;

            internal Enumerator(NodeCache node)
            {
                _node = node;
                _version = node._version;
                _slot = -1;
            }

            public CachedLayer Current { get; private set; }

            readonly object IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (_node._version != _version)
                {
                    throw new InvalidOperationException($"A layer was added to node '{_node.Name}' while its layers were listed.");
                }

                while (++_slot < _node._end)
                {
                    if (_node._entries[_slot].State != LayerState.Absent)
                    {
                        Current = _node.Handle(_slot);
                        return true;
                    }
                }

                Current = default;
                return false;
            }

            public void Reset()
            {
                _slot = -1;
                Current = default;
            }

            public readonly void Dispose()
            {
            }
        }
    }
}

/// <summary>One node's entry for one layer: what every node keeps of each of its layers, in 32 bytes.</summary>
/// <remarks>
/// The counts are as narrow as a node needs: no more than <see cref="NodeCache.MaxImages"/> images can reference a
/// layer nor <see cref="NodeCache.MaxContainers"/> containers use it. The state shares a word with the stamp, which
/// counts modulo 2^24.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
internal struct LayerEntry
{
    private const int StateBits = 8;

    /// <summary>Set once the entry was first used, and kept after the layer goes (<see cref="State"/> is then absent).</summary>
    public Layer? Layer;

    public long LastUsedTicks;

    /// <summary>The next entry in the hash chain or, once free, in the free list; -1 at the end.</summary>
    public int Next;

    public int HolderIndex;

    public ushort ImageRefCount;

    public ushort PinCount;

    /// <summary>Whether a container uses the layer: a running container pins its image's layers.</summary>
    public readonly bool InUse => PinCount > 0;

    /// <summary>The stamp above the low <see cref="StateBits"/> bits, the state in them.</summary>
    private uint _stampAndState;

    /// <summary>Made for <paramref name="layer"/> in the place of <paramref name="previous"/>, with the next stamp.</summary>
    public LayerEntry(Layer layer, LayerState state, in LayerEntry previous)
    {
        Layer = layer;
        _stampAndState = ((uint)(previous.Stamp + 1) << StateBits) | (byte)state;
    }

    /// <summary>How many layers the entry has held (modulo 2^24): a handle made for an earlier one no longer reads it.</summary>
    public readonly int Stamp => (int)(_stampAndState >> StateBits);

    public LayerState State
    {
        readonly get => (LayerState)(byte)_stampAndState;
        set => _stampAndState = (_stampAndState & ~(uint)byte.MaxValue) | (byte)value;
    }
}

/// <summary>What a node keeps of a layer once it has unpacked ahead or evicted by GDSF: zero on the others.</summary>
internal struct LayerUse
{
    public long SnapshotBytes;

    /// <summary>GDSF's inflation value of the node when the layer was last used.</summary>
    public double Inflation;
}
