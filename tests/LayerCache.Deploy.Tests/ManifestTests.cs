using k8s.Models;
using LayerCache.Deploy.Tests.Rendering;
using YamlDotNet.Core;

namespace LayerCache.Deploy.Tests;

/// <summary>The strict reader the other tests rely on: it must refuse what the API server would not take as written.</summary>
public sealed class ManifestTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx:1.27.3
                  imagePullPolicy: IfNotPresent
                  ports:
                    - {name: http, containerPort: 80}
                  readinessProbe:
                    httpGet: {path: /, port: http}
                  resources:
                    limits: {memory: 64Mi}
        """;

    [Fact]
    public void Parse_Deployment_ReadsTypedFields()
    {
        var deployment = Assert.IsType<V1Deployment>(Assert.Single(Manifest.Parse(Deployment)));

        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal("shop", deployment.Metadata.NamespaceProperty);
        Assert.Equal("IfNotPresent", container.ImagePullPolicy);
        Assert.Equal("http", container.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal(64L * 1024 * 1024, container.Resources.Limits["memory"].ToInt64());
    }

    [Fact]
    public void Parse_MisspelledField_Throws()
    {
        var misspelled = Deployment.Replace("imagePullPolicy:", "imagePullPolicyy:", StringComparison.Ordinal);

        var error = Assert.ThrowsAny<YamlException>(() => Manifest.Parse(misspelled));

        Assert.Contains("imagePullPolicyy", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FieldAtTheWrongLevel_Throws()
    {
        // `image` belongs to a container; at the pod level the API server would refuse it.
        var misplaced = Deployment.Replace("      containers:", "      image: nginx:1.27.3\n      containers:", StringComparison.Ordinal);

        Assert.ThrowsAny<YamlException>(() => Manifest.Parse(misplaced));
    }

    [Fact]
    public void Parse_UnknownKind_Throws()
    {
        var unknown = Deployment.Replace("kind: Deployment", "kind: Deploymnet", StringComparison.Ordinal);

        var error = Assert.ThrowsAny<Exception>(() => Manifest.Parse(unknown));

        Assert.Contains("Deploymnet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralDocuments_ReadsEachAsItsKind()
    {
        var objects = Manifest.Parse(Deployment + "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n");

        Assert.Collection(objects, o => Assert.IsType<V1Deployment>(o), o => Assert.IsType<V1Service>(o));
    }
}
