using LayerCache.Coordinator;
using LayerCache.Coordinator.Endpoints;
using LayerCache.Coordinator.Planning;
using LayerCache.Coordinator.State;
using LayerCache.Hosting;
using LayerCache.Hosting.Commands;
using LayerCache.Hosting.Logging;
using Microsoft.Extensions.Options;

var commandLine = CoordinatorCommandLine.Create(_ => ServiceRun.RunAsync("layercache-coordinator", () => Build(args), app => app.MapLayerCacheCoordinator()));
return await ExecutableCommand.InvokeAsync(commandLine, args);

static WebApplication Build(string[] args)
{
    var builder = WebApplication.CreateSlimBuilder(ContentRoot.Options(args));

    // HTTPS endpoints and certificates from settings (Kestrel:Certificates:Default, Kestrel:Endpoints), which the slim
    // builder leaves out: without it an https:// address aborted the process.
    builder.WebHost.UseKestrelHttpsConfiguration();

    // `--redis HOST:PORT` is short for the StackExchange.Redis configuration string.
    builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--redis"] = "Redis:Configuration" });
    builder.Services.AddLayerCacheCoordinator(builder.Configuration);
    builder.UseLogFormatSetting();

    // Checked here, before the host starts, so a bad setting reads as one line rather than a stack trace
    // (Kestrel's endpoints already read the settings while the app is built).
    var app = builder.Build();
    _ = app.Services.GetRequiredService<IOptions<CoordinatorOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<PlannerOptions>>().Value;
    return app;
}
