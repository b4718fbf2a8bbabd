using System.Text.RegularExpressions;

namespace LayerCache.Testing.Processes;

/// <summary>
/// Reads <c>strace -f -e trace=socket,bind,listen</c> output for what matters to "opens no port": a bind to an IPv4 or
/// IPv6 address, or a listen on an IPv4 or IPv6 socket (which binds a port of its own when none was bound). The
/// runtime's diagnostics socket (a unix socket) is no port.
/// </summary>
public static partial class SocketTrace
{
    /// <summary>The lines of <paramref name="trace"/> that bind or listen on an inet socket.</summary>
    public static IReadOnlyList<string> InetPortCalls(IEnumerable<string> trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var familyOfDescriptor = new Dictionary<string, string>();
        var pendingSocket = new Dictionary<string, string>();
        var found = new List<string>();
        foreach (var line in trace)
        {
            var call = Call().Match(line);
            if (!call.Success)
            {
                continue;
            }

            var (pid, text) = (call.Groups["pid"].Value, call.Groups["text"].Value);
            if (text.StartsWith("socket(", StringComparison.Ordinal))
            {
                var family = Family().Match(text).Value;
                if (Result().Match(text) is { Success: true } created)
                {
                    familyOfDescriptor[created.Groups[1].Value] = family;
                }
                else
                {
                    pendingSocket[pid] = family;
                }
            }
            else if (text.StartsWith("<... socket resumed>", StringComparison.Ordinal) && pendingSocket.Remove(pid, out var family) && Result().Match(text) is { Success: true } resumed)
            {
                familyOfDescriptor[resumed.Groups[1].Value] = family;
            }
            else if (Bind().Match(text) is { Success: true } bind && IsInet(bind.Groups["family"].Value))
            {
                found.Add(line);
            }
            else if (Listen().Match(text) is { Success: true } listen
                && (!familyOfDescriptor.TryGetValue(listen.Groups["fd"].Value, out var listened) || IsInet(listened)))
            {
                // A listen on a socket whose family the trace did not show counts too: better a false alarm than a port missed.
                found.Add(line);
            }
        }

        return found;
    }

    private static bool IsInet(string family) => family is "AF_INET" or "AF_INET6";

    [GeneratedRegex(@"^(?<pid>\d+)\s+(?<text>.*)$")]
    private static partial Regex Call();

    [GeneratedRegex(@"AF_\w+")]
    private static partial Regex Family();

    [GeneratedRegex(@"=\s*(\d+)\s*$")]
    private static partial Regex Result();

    [GeneratedRegex(@"^bind\(\d+,\s*\{sa_family=(?<family>AF_\w+)")]
    private static partial Regex Bind();

    [GeneratedRegex(@"^listen\((?<fd>\d+),")]
    private static partial Regex Listen();
}
