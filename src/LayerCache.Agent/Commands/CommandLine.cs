using LayerCache.Hosting;

namespace LayerCache.Agent.Commands;

/// <summary>
/// The agent's one-shot commands for operators and tests. Anything else on the command line goes to the host
/// (configuration switches such as <c>--Agent:CacheBudgetBytes=...</c>).
/// </summary>
public sealed record CommandLine(string Verb, string Socket, string Namespace, string? Image, bool LayersOnly, bool PlainHttp, bool Json)
{
    public const string Usage = """
        usage:
          layercache-agent                      run the node agent (settings: appsettings.json, Agent__* variables)
          layercache-agent prefetch --socket PATH --namespace NS --image REF [--layers-only] [--plain-http]
          layercache-agent inventory --socket PATH --namespace NS [--json]
          layercache-agent --version | --help
        """;

    /// <summary>The agent's version, as <see cref="ServiceVersion"/> reads it.</summary>
    public static string Version { get; } = ServiceVersion.Of(typeof(CommandLine).Assembly);

    /// <summary>The one-shot command in <paramref name="args"/>, or null when the agent should run as a service.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("prefetch" or "inventory"))
        {
            return null;
        }

        var verb = args[0];
        string? socket = null;
        string? ns = null;
        string? image = null;
        bool layersOnly = false, plainHttp = false, json = false;
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--socket": socket = Value(); break;
                case "--namespace": ns = Value(); break;
                case "--image" when verb == "prefetch": image = Value(); break;
                case "--layers-only" when verb == "prefetch": layersOnly = true; break;
                case "--plain-http" when verb == "prefetch": plainHttp = true; break;
                case "--json" when verb == "inventory": json = true; break;
                default: throw new ArgumentException($"unknown option '{name}' for {verb}");
            }
        }

        if (socket is null)
        {
            throw new ArgumentException($"{verb} needs --socket PATH");
        }

        if (ns is null)
        {
            throw new ArgumentException($"{verb} needs --namespace NS");
        }

        if (verb == "prefetch" && image is null)
        {
            throw new ArgumentException("prefetch needs --image REF");
        }

        return new CommandLine(verb, socket, ns, image, layersOnly, plainHttp, json);
    }
}
