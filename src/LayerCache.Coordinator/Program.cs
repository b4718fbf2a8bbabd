using LayerCache.Coordinator;
using LayerCache.Coordinator.Endpoints;
using LayerCache.Coordinator.Planning;
using LayerCache.Coordinator.State;
using LayerCache.Hosting;
using Microsoft.Extensions.Options;

// What an image's smoke run and an operator ask first; they start nothing (no Redis, no port).
switch (args)
{
    case ["--version"]:
        Console.WriteLine($"layercache-coordinator {ServiceVersion.Of(typeof(CoordinatorOptions).Assembly)}");
        return 0;
    case ["--help" or "-h"]:
        Console.WriteLine("""
            layercache-coordinator: the cluster-wide picture in Redis, scheduler hints (the kube-scheduler extender at
            /scheduler/prioritize and /scheduler/filter, GET /v1/hints, gRPC) and the prefetch planner.

            usage: layercache-coordinator [--redis HOST:PORT] [--urls URLS] [--Section:Setting=VALUE ...]
                   layercache-coordinator --help | --version

              --redis HOST:PORT   the Redis configuration string (Redis:Configuration); user=, password=, ssl= as
                                  StackExchange.Redis takes them
              --urls URLS         where to listen, ';' between them (default http://0.0.0.0:9470 from appsettings.json)
              --contentRoot DIR   where appsettings.json is read (default: beside the executable)

            Every setting (Coordinator:*, Store:*, Planner:*) is also an appsettings.json entry or an environment
            variable (Coordinator__GrpcPort); docs/coordinator.md lists them. A bad setting stops start-up with one line
            naming it and exit code 2; a loop that crashes stops the process with exit code 1.
            """);
        return 0;
}

var builder = WebApplication.CreateSlimBuilder(ContentRoot.Options(args));

// HTTPS endpoints and certificates from settings (Kestrel:Certificates:Default, Kestrel:Endpoints), which the slim
// builder leaves out: without it an https:// address aborted the process.
builder.WebHost.UseKestrelHttpsConfiguration();

// `--redis HOST:PORT` is short for the StackExchange.Redis configuration string.
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--redis"] = "Redis:Configuration" });
builder.Services.AddLayerCacheCoordinator(builder.Configuration);
WebApplication app;
try
{
    // Checked here, before the host starts, so a bad setting reads as one line rather than a stack trace
    // (Kestrel's endpoints already read the settings while the app is built).
    app = builder.Build();
    _ = app.Services.GetRequiredService<IOptions<CoordinatorOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<PlannerOptions>>().Value;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"layercache-coordinator: invalid settings: {string.Join("; ", e.Failures)}");
    return 2;
}

app.MapLayerCacheCoordinator();
await app.RunAsync();
return BackgroundLoop.ExitCode;
