using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LayerCache.LoadTest.Load;

/// <summary>
/// The body kube-scheduler sends a nodeCacheCapable extender: Go field names (<c>Pod</c>, <c>NodeNames</c>) around an
/// ordinary v1 Pod with three containers (an init container, the app and a sidecar), as the API server serialises it.
/// </summary>
public static class PodRequest
{
    public static byte[] Body(IReadOnlyList<string> images, IReadOnlyList<string> nodeNames, int podNumber)
    {
        var uid = new Guid(podNumber, 0x3b1d, 0x4e6f, 0x9a, 0x7c, 0x5d, 0x2e, 0x8f, 0x1b, 0x3c, 0x4a).ToString();
        var pod = new JsonObject
        {
            ["kind"] = "Pod",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"shop-api-7d9f8b6c5-{podNumber:x5}",
                ["generateName"] = "shop-api-7d9f8b6c5-",
                ["namespace"] = "shop",
                ["uid"] = uid,
                ["resourceVersion"] = "48211",
                ["creationTimestamp"] = "2024-05-14T09:21:07Z",
                ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "shop-api", ["pod-template-hash"] = "7d9f8b6c5" },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "shop-api-7d9f8b6c5",
                    ["uid"] = "b7e1d2c3-4a5f-4b6e-8c7d-9e0f1a2b3c4d", ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject
            {
                ["volumes"] = new JsonArray(new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = "shop-api", ["defaultMode"] = 420 } }),
                ["initContainers"] = new JsonArray(Container("migrate", images[1], ["/app/worker", "migrate"])),
                ["containers"] = new JsonArray(Container("api", images[0], ["/app/api"]), Container("log-shipper", images[2], ["/bin/shipper", "--stdin"])),
                ["restartPolicy"] = "Always",
                ["terminationGracePeriodSeconds"] = 30,
                ["dnsPolicy"] = "ClusterFirst",
                ["serviceAccountName"] = "shop-api",
                ["schedulerName"] = "default-scheduler",
                ["priority"] = 0,
            },
            ["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "Burstable" },
        };
        var args = new JsonObject { ["Pod"] = pod, ["Nodes"] = null, ["NodeNames"] = new JsonArray([.. nodeNames.Select(n => (JsonNode)n)]) };
        return Encoding.UTF8.GetBytes(args.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    private static JsonObject Container(string name, string image, string[] command) => new()
    {
        ["name"] = name,
        ["image"] = image,
        ["command"] = new JsonArray([.. command.Select(c => (JsonNode)c)]),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080, ["protocol"] = "TCP" }),
        ["env"] = new JsonArray(
            new JsonObject { ["name"] = "ASPNETCORE_URLS", ["value"] = "http://+:8080" },
            new JsonObject { ["name"] = "POD_NAME", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.name" } } }),
        ["resources"] = new JsonObject
        {
            ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" },
            ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" },
        },
        ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "config", ["mountPath"] = "/etc/shop", ["readOnly"] = true }),
        ["terminationMessagePath"] = "/dev/termination-log",
        ["terminationMessagePolicy"] = "File",
        ["imagePullPolicy"] = "IfNotPresent",
    };
}
