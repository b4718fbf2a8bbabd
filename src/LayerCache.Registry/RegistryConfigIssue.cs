namespace LayerCache.Registry;

/// <summary>
/// Something wrong with a file the client reads as it runs (a credentials file, a <c>hosts.toml</c>): <see cref="Message"/>
/// names the file and says what is wrong and what the client does instead; it never holds a credential.
/// </summary>
/// <param name="Malformed">True when the file cannot be used as written; false for a note (a missing file, an unsupported key).</param>
public sealed record RegistryConfigIssue(string Path, string Message, bool Malformed);
