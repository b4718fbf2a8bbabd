using System.Text;
using System.Text.Json;
using LayerCache.Coordinator.Scheduling;
using LayerCache.EndToEnd.Scheduling;

namespace LayerCache.EndToEnd.Tests.Scheduling;

public sealed class ExtenderArgsWriterTests
{
    /// <summary>
    /// What kube-scheduler's json.Marshal writes for this pod with a nodeCacheCapable extender, on one line: Go field names at
    /// the top, the v1 types' JSON names below in declaration order, empty omitempty fields left out.
    /// </summary>
    private static readonly string Golden = """
        {"Pod":{"metadata":{"name":"pod-0007","namespace":"default","uid":"00000000-0000-4000-8000-000000000007","resourceVersion":"1","generation":1,"creationTimestamp":"2026-01-02T03:04:05Z"},
        "spec":{"initContainers":[{"name":"setup","image":"registry.local:5000/edge/init","resources":{"requests":{"cpu":"100m","memory":"64Mi"}},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"Always"}],
        "containers":[{"name":"app","image":"registry.local:5000/edge/app:1.2","resources":{"requests":{"cpu":"100m","memory":"64Mi"}},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
        "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","serviceAccount":"default","automountServiceAccountToken":false,"securityContext":{},"schedulerName":"default-scheduler",
        "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],
        "priority":0,"enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority"},"status":{"phase":"Pending","qosClass":"Burstable"}},"Nodes":null,"NodeNames":["node-0","node-1"]}
        """.Replace("\n", string.Empty, StringComparison.Ordinal);

    [Fact]
    public void ToUtf8_PodWithInitContainer_WritesGoBytes()
    {
        var body = ExtenderArgsWriter.ToUtf8(SampleManifests.WithInit(), ["node-0", "node-1"]);

        Assert.Equal(Golden, Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void ToUtf8_ReadByCoordinator_YieldsImagesUidAndNodeNames()
    {
        var body = ExtenderArgsWriter.ToUtf8(SampleManifests.WithInit(), ["node-0", "node-1"]);

        var args = JsonSerializer.Deserialize(body, ExtenderJson.Default.ExtenderArgs);

        Assert.NotNull(args?.Pod);
        Assert.Equal(["registry.local:5000/edge/init", "registry.local:5000/edge/app:1.2"], args.Pod.Images());
        Assert.Equal("00000000-0000-4000-8000-000000000007", args.Pod.Metadata?.Uid);
        Assert.Equal(["node-0", "node-1"], args.NodeNames);
        Assert.Null(args.Nodes);
    }

    [Fact]
    public void ToUtf8_NoNodes_WritesEmptyNames()
    {
        var body = Encoding.UTF8.GetString(ExtenderArgsWriter.ToUtf8(SampleManifests.Of("app:1"), []));

        Assert.EndsWith("""},"Nodes":null,"NodeNames":[]}""", body, StringComparison.Ordinal);
        Assert.DoesNotContain("initContainers", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app", "Always")]
    [InlineData("app:latest", "Always")]
    [InlineData("registry.local:5000/app", "Always")]
    [InlineData("registry.local:5000/app:1.0", "IfNotPresent")]
    [InlineData("app@sha256:0123", "IfNotPresent")]
    public void ImagePullPolicy_Reference_FollowsApiServerDefault(string image, string expected)
    {
        Assert.Equal(expected, new ContainerManifest("c", image).ImagePullPolicy);
    }
}
