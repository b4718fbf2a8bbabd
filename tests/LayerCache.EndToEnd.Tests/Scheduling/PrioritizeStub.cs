using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LayerCache.EndToEnd.Tests.Scheduling;

/// <summary>An extender on Kestrel (127.0.0.1, port 0) that records each prioritize request and answers as told.</summary>
internal sealed class PrioritizeStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PrioritizeStub(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string Answer { get; set; } = "[]";

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public int Requests { get; private set; }

    public byte[] LastBody { get; private set; } = [];

    public string? LastContentType { get; private set; }

    public static async Task<PrioritizeStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var stub = new PrioritizeStub(builder.Build());
        stub._app.MapPost("/scheduler/prioritize", stub.AnswerAsync);
        await stub._app.StartAsync();
        stub.BaseUri = new Uri(stub._app.Urls.First());
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Requests++;
        LastContentType = context.Request.ContentType;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        LastBody = body.ToArray();
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        context.Response.StatusCode = StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Answer, context.RequestAborted);
    }
}
