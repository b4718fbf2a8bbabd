namespace LayerCache.Cli.Output;

/// <summary><c>--output</c>: tables for people, or the coordinator's JSON for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
