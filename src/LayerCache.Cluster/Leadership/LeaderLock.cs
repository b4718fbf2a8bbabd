using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// The planner's leader lock: <c>SET NX PX</c> with a token unique to this instance; renewed and released only by a
/// script that compares the token first, so an instance whose lock expired never extends or deletes its successor's.
/// <see cref="IsHeld"/> turns false on its own once the expiry passes without a renewal, measured from before the call.
/// </summary>
public sealed class LeaderLock
{
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private const char TokenSeparator = '|';

    private readonly IConnectionMultiplexer _redis;
    private readonly ClusterKeys _keys;
    private readonly TimeSpan _expiry;
    private readonly TimeProvider _time;
    private readonly string _token;
    private DateTimeOffset _heldUntil = DateTimeOffset.MinValue;

    public LeaderLock(IConnectionMultiplexer redis, ClusterStoreOptions options, string owner, TimeSpan expiry, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(expiry, TimeSpan.FromMilliseconds(1));
        _redis = redis;
        _keys = new ClusterKeys(options);
        _expiry = expiry;
        _time = time ?? TimeProvider.System;
        Owner = owner;
        _token = owner + TokenSeparator + Guid.NewGuid().ToString("N");
    }

    public string Owner { get; }

    /// <summary>True while the last acquisition or renewal is younger than the expiry.</summary>
    public bool IsHeld => _time.GetUtcNow() < _heldUntil;

    /// <summary>Renews the lock if this instance holds it, else takes it if nobody does; true if held after the call.</summary>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = _time.GetUtcNow();
        var database = _redis.GetDatabase();
        var held = (long)await database.ScriptEvaluateAsync(RenewScript, [_keys.Leader], [_token, (long)_expiry.TotalMilliseconds])
            .ConfigureAwait(false) == 1;
        if (!held)
        {
            held = await database.StringSetAsync(_keys.Leader, _token, _expiry, When.NotExists).ConfigureAwait(false);
        }

        _heldUntil = held ? started + _expiry : DateTimeOffset.MinValue;
        return held;
    }

    /// <summary>Deletes the lock if this instance still holds it; leaves anyone else's alone.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _heldUntil = DateTimeOffset.MinValue;
        await _redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [_keys.Leader], [_token]).ConfigureAwait(false);
    }

    /// <summary>The owner name of whoever holds the lock, or null when nobody does.</summary>
    public async Task<string?> HolderAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await _redis.GetDatabase().StringGetAsync(_keys.Leader).ConfigureAwait(false);
        if (value.IsNull)
        {
            return null;
        }

        var token = (string)value!;
        var separator = token.LastIndexOf(TokenSeparator);
        return separator < 0 ? token : token[..separator];
    }
}
