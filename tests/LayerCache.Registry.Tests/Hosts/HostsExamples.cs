namespace LayerCache.Registry.Tests;

/// <summary>hosts.toml files as containerd's docs/hosts.md shows them (https://github.com/containerd/containerd/blob/main/docs/hosts.md).</summary>
internal static class HostsExamples
{
    public const string DockerHubDefault = """
        server = "https://docker.io"

        [host."https://registry-1.docker.io"]
          capabilities = ["pull", "resolve"]
        """;

    public const string LocalMirror = """
        server = "https://registry-1.docker.io"    # Exclude this to not use upstream

        [host."https://public-mirror.example.com"]
          capabilities = ["pull"]                  # Requires less trust, won't resolve tag to digest from this host
        [host."https://docker-mirror.internal"]
          capabilities = ["pull", "resolve"]
          ca = "docker-mirror.crt"                 # Or absolute path /etc/containerd/certs.d/docker.io/docker-mirror.crt
        """;

    public const string DefaultMirror = """
        [host."https://registry.example.com"]
          capabilities = ["pull", "resolve"]
        """;

    public const string BypassTls = """
        server = "https://registry-1.docker.io"

        [host."http://192.168.31.250:5000"]
          capabilities = ["pull", "resolve", "push"]
          skip_verify = true
        """;

    public const string Mirrors = """
        [host."https://mirror.registry"]
          capabilities = ["pull"]
          ca = "/etc/certs/mirror.pem"
          skip_verify = false
          [host."https://mirror.registry".header]
            x-custom-2 = ["value1", "value2"]

        [host."https://mirror-bak.registry/us"]
          capabilities = ["pull"]
          skip_verify = true

        [host."http://mirror.registry"]
          capabilities = ["pull"]

        [host."https://test-1.registry"]
          capabilities = ["pull", "resolve", "push"]
          ca = ["/etc/certs/test-1-ca.pem", "/etc/certs/special.pem"]
          client = [["/etc/certs/client.cert", "/etc/certs/client.key"],["/etc/certs/client.pem", ""]]

        [host."https://test-2.registry"]
          client = "/etc/certs/client.pem"

        [host."https://test-3.registry"]
          client = ["/etc/certs/client-1.pem", "/etc/certs/client-2.pem"]

        [host."https://non-compliant-mirror.registry/v2/upstream"]
          capabilities = ["pull"]
          override_path = true
        """;
}
