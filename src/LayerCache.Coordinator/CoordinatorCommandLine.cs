using System.CommandLine;
using LayerCache.Hosting.Commands;

namespace LayerCache.Coordinator;

/// <summary>
/// <c>layercache-coordinator</c>'s command line: the few options an operator types, shown in --help; they and every
/// other <c>--Section:Setting=VALUE</c> go on to the host's configuration as they were given.
/// </summary>
public static class CoordinatorCommandLine
{
    private const string Description = """
        layercache-coordinator: the cluster-wide picture in Redis, scheduler hints (the kube-scheduler extender at
        /scheduler/prioritize and /scheduler/filter, GET /v1/hints, gRPC) and the prefetch planner.

        Every setting (Coordinator:*, Store:*, Planner:*, Redis:*) is also an appsettings.json entry, an environment
        variable (Coordinator__GrpcPort) or an argument (--Coordinator:GrpcPort=9471); docs/coordinator.md lists them.
        Logging:Format=json writes one JSON object a line.
        """;

    /// <summary>The coordinator's command line; <paramref name="runCoordinator"/> runs the service.</summary>
    public static RootCommand Create(Func<CancellationToken, Task<int>> runCoordinator)
    {
        ArgumentNullException.ThrowIfNull(runCoordinator);
        var root = ExecutableCommand.Create("layercache-coordinator", Description, typeof(CoordinatorCommandLine), UnmatchedArguments.HostSettings);
        root.Options.Add(new Option<string>("--redis")
        {
            Description = "the Redis configuration string (Redis:Configuration); user=, password=, ssl= as StackExchange.Redis takes them",
            HelpName = "HOST:PORT",
        });
        root.SetAction((_, cancellationToken) => runCoordinator(cancellationToken));
        return root;
    }
}
