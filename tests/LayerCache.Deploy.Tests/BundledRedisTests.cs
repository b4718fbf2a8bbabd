using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s.Models;
using LayerCache.Deploy.Tests.Rendering;
using LayerCache.Deploy.Tests.Wiring;
using LayerCache.Testing.Redis;
using StackExchange.Redis;

namespace LayerCache.Deploy.Tests;

/// <summary>
/// The default overlay's own Redis: each role logs in as its ACL user with the password of the Secret
/// layercache-redis-users, the ACL file is written by the Redis pod's init container (run here for real, and the file
/// it writes loaded by a real redis-server), and a NetworkPolicy lets only the agents and the coordinators reach it.
/// </summary>
[Collection(OverlaysCollection.Name)]
public sealed class BundledRedisTests(RenderedOverlays overlays)
{
    private const string UsersSecret = "layercache-redis-users";
    private const string AgentPassword = "agentPassword0123456789";
    private const string CoordinatorPassword = "coordinatorPassword0123456789";

    private RenderedOverlay Default => overlays["default"];

    private Workload Redis => Default.Workload("layercache-redis");

    private V1Container InitContainer => Assert.Single(Redis.Pod.InitContainers);

    [Theory]
    [InlineData("layercache-agent", "Agent__Redis", "lc-agent", "agent-password")]
    [InlineData("layercache-coordinator", "Redis__Configuration", "lc-coordinator", "coordinator-password")]
    public void RedisSetting_Default_LogsInAsTheRolesUserWithTheSecretsPassword(string workload, string variable, string user, string key)
    {
        var service = ServiceContainer.In(overlays).Single(s => s.Overlay.Name == "default" && s.Workload.Name == workload);
        var env = service.Container.Env.ToList();

        var setting = Assert.Single(env, e => e.Name == variable);
        var options = ConfigurationOptions.Parse(setting.Value);
        Assert.Equal(user, options.User);
        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(("layercache-redis", 6379), (endpoint.Host, endpoint.Port));
        var reference = Assert.Single(env, e => options.Password == $"$({e.Name})");
        // Kubernetes expands $(NAME) only from variables defined before the one that uses it.
        Assert.True(env.IndexOf(reference) < env.IndexOf(setting), $"{reference.Name} is defined after {variable}");
        Assert.Equal(UsersSecret, reference.ValueFrom?.SecretKeyRef?.Name);
        Assert.Equal(key, reference.ValueFrom?.SecretKeyRef?.Key);
        Assert.NotEqual(true, reference.ValueFrom?.SecretKeyRef?.Optional);
        Assert.Contains($"user {user} on ", AclTemplate(), StringComparison.Ordinal);
        Assert.NotNull(service.Settings.Configuration[variable.Replace("__", ":", StringComparison.Ordinal)]);
    }

    [Fact]
    public void RedisContainer_Default_LoadsTheFileTheInitContainerWritesFromMemory()
    {
        var redis = Assert.Single(Redis.Pod.Containers);
        var written = Assert.Single(InitContainer.Env, e => e.Name == "ACL_FILE").Value;

        var args = redis.Args.ToList();
        Assert.Equal(written, args[args.IndexOf("--aclfile") + 1]);
        var folder = Path.GetDirectoryName(written);
        var writerMount = Assert.Single(InitContainer.VolumeMounts, m => m.MountPath == folder);
        var readerMount = Assert.Single(redis.VolumeMounts, m => m.MountPath == folder);
        Assert.Equal(writerMount.Name, readerMount.Name);
        Assert.True(readerMount.ReadOnlyProperty);
        Assert.Equal("Memory", Assert.Single(Redis.Pod.Volumes, v => v.Name == writerMount.Name).EmptyDir?.Medium);
    }

    [Fact]
    public async Task AclInitContainer_RunForReal_RedisAdmitsEachRoleWithItsPasswordAndNoOneElse()
    {
        var directory = Directory.CreateTempSubdirectory("layercache-redis-acl-").FullName;
        try
        {
            var file = Path.Combine(directory, "users.acl");
            var run = await RunInitContainerAsync(directory, file, AgentPassword, CoordinatorPassword);
            Assert.True(run.ExitCode == 0, run.Error);

            await using var redis = new RedisFixture { Arguments = { "--aclfile", file } };
            await redis.InitializeAsync();

            foreach (var (user, password) in new[] { ("lc-agent", AgentPassword), ("lc-coordinator", CoordinatorPassword) })
            {
                var options = redis.CreateOptions();
                options.User = user;
                options.Password = password;
                using var client = await redis.ConnectAsync(options);
                Assert.True((await client.GetDatabase().StringGetAsync("lc:nodes")).IsNull);
                Assert.StartsWith("-WRONGPASS", await SayAsync(redis.Port, $"AUTH {user} not-the-password"), StringComparison.Ordinal);
            }

            // Without a role's password nothing is answered: the default user is off.
            Assert.StartsWith("-NOAUTH", await SayAsync(redis.Port, "GET lc:nodes"), StringComparison.Ordinal);
            Assert.StartsWith("-WRONGPASS", await SayAsync(redis.Port, "AUTH default anything"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("has a space in it 0123", "letters and digits")]
    [InlineData("slash/in/it/0123456789", "letters and digits")]
    [InlineData("short", "16 characters")]
    [InlineData("", "16 characters")]
    public async Task AclInitContainer_UnusablePassword_StopsWithTheSecretsNameAndWritesNoFile(string password, string reason)
    {
        var directory = Directory.CreateTempSubdirectory("layercache-redis-acl-").FullName;
        try
        {
            var file = Path.Combine(directory, "users.acl");

            var run = await RunInitContainerAsync(directory, file, AgentPassword, password);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains(UsersSecret, run.Error, StringComparison.Ordinal);
            Assert.Contains(reason, run.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(file));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void NetworkPolicy_Default_LetsOnlyTheAgentsAndTheCoordinatorsReachRedis()
    {
        var policy = Assert.Single(Default.All<V1NetworkPolicy>());

        Assert.True(Selects(policy.Spec.PodSelector, Redis.Template.Metadata.Labels), "the policy does not select the Redis pods");
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        var rule = Assert.Single(policy.Spec.Ingress);
        var port = Assert.Single(rule.Ports);
        Assert.Equal(Assert.Single(Assert.Single(Redis.Pod.Containers).Ports).Name, port.Port.Value);
        var allowed = Default.Workloads.Where(w => rule.FromProperty.Any(peer => peer.NamespaceSelector is null && Selects(peer.PodSelector, w.Template.Metadata.Labels)));
        Assert.Equal(["layercache-agent", "layercache-coordinator"], allowed.Select(w => w.Name).Order(StringComparer.Ordinal));
    }

    private static bool Selects(V1LabelSelector? selector, IDictionary<string, string> labels) =>
        selector?.MatchLabels is { Count: > 0 } match && selector.MatchExpressions is null or []
        && match.All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value);

    private string AclTemplate()
    {
        var configMap = Assert.Single(Default.All<V1ConfigMap>(), c => c.Metadata.Name.StartsWith("layercache-redis-acl", StringComparison.Ordinal));
        return configMap.Data["users.acl"];
    }

    /// <summary>The init container's own script, with its own environment but for the two paths, which point into <paramref name="directory"/>.</summary>
    private async Task<(int ExitCode, string Error)> RunInitContainerAsync(string directory, string file, string agentPassword, string coordinatorPassword)
    {
        var template = Path.Combine(directory, "template.acl");
        await File.WriteAllTextAsync(template, AclTemplate());
        var command = InitContainer.Command.ToList();
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, UseShellExecute = false };
        command.Skip(1).ToList().ForEach(start.ArgumentList.Add);
        start.Environment["ACL_TEMPLATE"] = template;
        start.Environment["ACL_FILE"] = file;
        start.Environment["AGENT_PASSWORD"] = agentPassword;
        start.Environment["COORDINATOR_PASSWORD"] = coordinatorPassword;
        Assert.Equal(["ACL_TEMPLATE", "ACL_FILE", "AGENT_PASSWORD", "COORDINATOR_PASSWORD"], InitContainer.Env.Select(e => e.Name));
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, error);
    }

    /// <summary>One inline command to Redis on a fresh connection, and the first line of its answer.</summary>
    private static async Task<string> SayAsync(int port, string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync() ?? "";
    }
}
