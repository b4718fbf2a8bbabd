using LayerCache.Agent;
using LayerCache.Agent.Commands;
using LayerCache.Hosting;
using LayerCache.Hosting.Commands;
using LayerCache.Hosting.Health;
using LayerCache.Hosting.Logging;
using Microsoft.Extensions.Options;

var commandLine = AgentCommandLine.Create(_ => ServiceRun.RunAsync("layercache-agent", () => Build(args), app => app.MapServiceEndpoints()), RunCommandAsync);
return await ExecutableCommand.InvokeAsync(commandLine, args);

static async Task<int> RunCommandAsync(AgentCommand command, CancellationToken cancellationToken)
{
    using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await AgentCommands.RunAsync(command, Console.Out, Console.Error, cancel.Token);
}

static WebApplication Build(string[] args)
{
    var builder = WebApplication.CreateSlimBuilder(ContentRoot.Options(args));
    builder.Services.AddLayerCacheAgent(builder.Configuration);
    builder.UseLogFormatSetting();
    var app = builder.Build();

    // Checked here, before the host starts, so a bad setting reads as one line rather than a stack trace.
    _ = app.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
    return app;
}
