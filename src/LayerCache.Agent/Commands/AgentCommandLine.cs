using System.CommandLine;
using LayerCache.Hosting.Commands;

namespace LayerCache.Agent.Commands;

/// <summary>
/// <c>layercache-agent</c>'s command line: with no command it runs the node agent, and every other argument is a setting
/// for its host (<c>--Agent:CacheBudgetBytes=...</c>); <c>prefetch</c> and <c>inventory</c> are one-shot commands.
/// </summary>
public static class AgentCommandLine
{
    private const string Description = """
        layercache-agent: the node agent beside containerd. It keeps the node's layer inventory, runs the prefetch and
        evict orders of the coordinator, evicts by its policy above the high watermark, and serves /metrics, /healthz,
        /readyz.

        With no command it runs the agent. Every setting (Agent:*) is an appsettings.json entry, an environment variable
        (Agent__CacheBudgetBytes) or an argument (--Agent:CacheBudgetBytes=VALUE); docs/agent.md lists them.
        Logging:Format=json writes one JSON object a line.
        """;

    private static readonly AgentOptions Defaults = new();

    /// <summary>The agent's command line; <paramref name="runAgent"/> runs the service, <paramref name="runCommand"/> a one-shot command.</summary>
    public static RootCommand Create(Func<CancellationToken, Task<int>> runAgent, Func<AgentCommand, CancellationToken, Task<int>> runCommand)
    {
        ArgumentNullException.ThrowIfNull(runAgent);
        ArgumentNullException.ThrowIfNull(runCommand);
        var root = ExecutableCommand.Create("layercache-agent", Description, typeof(AgentCommandLine), UnmatchedArguments.HostSettings);
        root.SetAction((_, cancellationToken) => runAgent(cancellationToken));
        root.Subcommands.Add(Prefetch(runCommand));
        root.Subcommands.Add(Inventory(runCommand));
        return root;
    }

    /// <summary>The one-shot command <paramref name="args"/> name, or null when they run the agent; a usage error throws its one line.</summary>
    public static AgentCommand? Parse(IReadOnlyList<string> args)
    {
        AgentCommand? command = null;
        var root = Create(_ => Task.FromResult(0), (given, _) =>
        {
            command = given;
            return Task.FromResult(0);
        });
        var result = ExecutableCommand.Parse(root, args);
        if (ExecutableCommand.UsageError(result) is { } error)
        {
            throw new ArgumentException(error);
        }

        result.Invoke(new InvocationConfiguration { Output = TextWriter.Null, EnableDefaultExceptionHandler = false });
        return command;
    }

    private static Command Prefetch(Func<AgentCommand, CancellationToken, Task<int>> run)
    {
        var (socket, ns) = ContainerdOptions();
        var image = new Option<string>("--image") { Description = "the image to fetch", HelpName = "REF", Required = true };
        var layersOnly = new Option<bool>("--layers-only") { Description = "fetch the layers into containerd's content store (held by the agent's lease), without pulling the image" };
        var unpack = new Option<bool>("--unpack")
        {
            Description = "fetch the layers the node lacks and unpack them into committed snapshots, as a pull would, without creating the image: the kubelet's pull then only writes the image record",
        };
        var snapshotter = Snapshotter("the snapshotter to unpack into: the CRI plugin's");
        var plainHttp = new Option<bool>("--plain-http") { Description = "reach the image's registry over plain HTTP" };
        var command = new Command("prefetch", "fetch an image, only its layers, or its layers unpacked, onto this node and print each layer fetched")
        {
            socket, ns, image, layersOnly, unpack, snapshotter, plainHttp,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(layersOnly) && result.GetValue(unpack))
            {
                result.AddError("--layers-only and --unpack cannot be given together: --unpack fetches the layers too");
            }
        });
        command.SetAction((result, cancellationToken) => run(
            new AgentCommand("prefetch", result.GetValue(socket)!, result.GetValue(ns)!, result.GetValue(image), result.GetValue(layersOnly), result.GetValue(plainHttp), Json: false)
            {
                Unpack = result.GetValue(unpack),
                Snapshotter = result.GetValue(snapshotter)!,
            },
            cancellationToken));
        return command;
    }

    private static Command Inventory(Func<AgentCommand, CancellationToken, Task<int>> run)
    {
        var (socket, ns) = ContainerdOptions();
        var json = new Option<bool>("--json") { Description = "print the inventory as JSON" };
        var snapshotter = Snapshotter("the snapshotter whose snapshots unpacked ahead are shown: the CRI plugin's");
        var command = new Command("inventory", "print what the node holds: each image with its layers, size and containers, and the prefetched blobs (and which are unpacked ahead)")
        {
            socket, ns, json, snapshotter,
        };
        command.SetAction((result, cancellationToken) => run(
            new AgentCommand("inventory", result.GetValue(socket)!, result.GetValue(ns)!, Image: null, LayersOnly: false, PlainHttp: false, result.GetValue(json))
            {
                Snapshotter = result.GetValue(snapshotter)!,
            },
            cancellationToken));
        return command;
    }

    private static Option<string> Snapshotter(string description) =>
        new("--snapshotter") { Description = description, HelpName = "NAME", DefaultValueFactory = _ => new AgentOptions().Snapshotter };

    private static (Option<string> Socket, Option<string> Namespace) ContainerdOptions() =>
    (
        new Option<string>("--socket") { Description = "containerd's socket", HelpName = "PATH", DefaultValueFactory = _ => Defaults.ContainerdSocket },
        new Option<string>("--namespace") { Description = "containerd's namespace the kubelet uses", HelpName = "NS", DefaultValueFactory = _ => Defaults.Namespace }
    );
}
