namespace LayerCache.EndToEnd.Site;

/// <summary>One tc command, run in <see cref="Namespace"/> or in the root namespace when it is null.</summary>
internal sealed record ShapingCommand(string? Namespace, IReadOnlyList<string> Args)
{
    public IReadOnlyList<string> IpArgs =>
        Namespace is null ? Args : ["netns", "exec", Namespace, HostCommand.Tc, .. Args];

    public override string ToString() => (Namespace is null ? "" : $"[{Namespace}] ") + "tc " + string.Join(' ', Args);
}
