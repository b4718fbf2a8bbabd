namespace LayerCache.Coordinator.State;

/// <summary>Log lines of the coordinator's Redis side that more than one class writes.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a bad {Kind} in Redis at {Key}: {Reason}")]
    public static partial void BadPayload(ILogger logger, string kind, string key, string reason);
}
