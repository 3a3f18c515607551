using TicketTracking.Testing;
using YamlDotNet.RepresentationModel;

namespace TicketTracking.Eventing.Tests;

/// <summary>The YAML in dapr/ read as data: the settings daprd will see, spelled as its components expect.</summary>
public sealed class DaprResourceTests
{
    private static readonly string[] AppIds =
        ["auth", "tickets", "workflow", "messaging", "notifications", "bff", "workflow-worker", "notification-worker"];

    private static readonly string DaprFolder = Path.Combine(TestEnvironment.RepositoryRoot, "dapr");

    private static YamlMappingNode Load(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(DaprFolder, relativePath));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => ((YamlMappingNode)current).Children[new YamlScalarNode(key)]);

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static Dictionary<string, YamlMappingNode> Metadata(YamlNode component) =>
        ((YamlSequenceNode)At(component, "spec", "metadata")).Cast<YamlMappingNode>().ToDictionary(item => Text(item, "name"));

    private static List<string> Scopes(YamlNode component) =>
        ((YamlSequenceNode)At(component, "scopes")).Select(node => ((YamlScalarNode)node).Value!).ToList();

    [Fact]
    public void Pubsub_is_durable_persistent_confirmed_and_dead_lettered()
    {
        var pubsub = Load("components/pubsub.yaml");

        Text(pubsub, "metadata", "name").ShouldBe("pubsub");
        Text(pubsub, "spec", "type").ShouldBe("pubsub.rabbitmq");
        var metadata = Metadata(pubsub);
        Text(metadata["durable"], "value").ShouldBe("true");
        Text(metadata["deletedWhenUnused"], "value").ShouldBe("false");
        Text(metadata["deliveryMode"], "value").ShouldBe("2");
        Text(metadata["publisherConfirm"], "value").ShouldBe("true");
        Text(metadata["enableDeadLetter"], "value").ShouldBe("true");
        int.Parse(Text(metadata["prefetchCount"], "value")).ShouldBeInRange(1, 100);
        Text(metadata["connectionString"], "secretKeyRef", "name").ShouldBe("RabbitMq:ConnectionString");
        Text(pubsub, "auth", "secretStore").ShouldBe("secretstore");
        metadata.Keys.ShouldBeSubsetOf(["connectionString", "durable", "deletedWhenUnused", "deliveryMode", "publisherConfirm",
            "enableDeadLetter", "requeueInFailure", "prefetchCount", "exchangeKind"]);
    }

    [Theory]
    [InlineData("components/pubsub.yaml")]
    [InlineData("components/secretstore.yaml")]
    public void Components_are_scoped_to_exactly_our_apps(string file) =>
        Scopes(Load(file)).ShouldBe(AppIds, ignoreOrder: true);

    [Fact]
    public void The_secret_store_is_a_read_once_local_file()
    {
        var store = Load("components/secretstore.yaml");

        Text(store, "metadata", "name").ShouldBe("secretstore");
        Text(store, "spec", "type").ShouldBe("secretstores.local.file");
        Text(Metadata(store)["nestedSeparator"], "value").ShouldBe(":");
    }

    [Fact]
    public void Resiliency_retries_deliveries_eight_times_at_most_thirty_seconds_apart()
    {
        var resiliency = Load("components/resiliency.yaml");

        Text(resiliency, "kind").ShouldBe("Resiliency");
        var policyName = Text(resiliency, "spec", "targets", "components", "pubsub", "inbound", "retry");
        var policy = At(resiliency, "spec", "policies", "retries", policyName);
        Text(policy, "policy").ShouldBe("exponential");
        Text(policy, "maxRetries").ShouldBe("8");
        Text(policy, "maxInterval").ShouldBe("30s");
    }

    [Fact]
    public void Every_app_has_a_configuration_that_allows_every_secret_its_components_reference()
    {
        var referenced = Metadata(Load("components/pubsub.yaml")).Values
            .Where(item => item.Children.ContainsKey(new YamlScalarNode("secretKeyRef")))
            .Select(item => Text(item, "secretKeyRef", "name"))
            .ToList();
        referenced.ShouldNotBeEmpty();

        foreach (var app in AppIds)
        {
            var configuration = Load($"config/{app}.yaml");
            Text(configuration, "metadata", "name").ShouldBe(app);
            var scope = ((YamlSequenceNode)At(configuration, "spec", "secrets", "scopes")).Cast<YamlMappingNode>().Single();
            Text(scope, "storeName").ShouldBe("secretstore");
            Text(scope, "defaultAccess").ShouldBe("deny");
            var allowed = ((YamlSequenceNode)At(scope, "allowedSecrets")).Select(node => ((YamlScalarNode)node).Value!).ToList();
            allowed.Where(name => !referenced.Contains(name)).ShouldAllBe(name => name.StartsWith(app + ":", StringComparison.Ordinal), $"{app} may read only its own secrets");
            referenced.ShouldBeSubsetOf(allowed, $"{app} must be allowed the secrets its components use");
            SecretNamesOf(app).ShouldBeSubsetOf(allowed, $"{app} must be allowed every secret the example store holds for it");
        }
    }

    [Theory]
    [InlineData("auth", "auth:Auth:KeyEncryptionKey")]
    [InlineData("tickets", "tickets:ServiceAccount:ClientSecret")]
    [InlineData("bff", "bff:ServiceAccount:ClientSecret")]
    [InlineData("workflow-worker", "workflow-worker:ServiceAccount:ClientSecret")]
    [InlineData("notification-worker", "notification-worker:ServiceAccount:ClientSecret")]
    [InlineData("notifications", "notifications:Smtp:Password")]
    public void The_example_store_holds_each_secret_an_app_needs_beyond_its_database(string app, string secret) =>
        SecretNamesOf(app).ShouldContain(secret);

    /// <summary>The secret names deploy/secrets/secrets.example.json holds under <paramref name="app"/>, flattened with ':' as the file store does.</summary>
    private static List<string> SecretNamesOf(string app)
    {
        using var example = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "secrets", "secrets.example.json")));
        var names = new List<string>();
        void Walk(System.Text.Json.JsonElement node, string path)
        {
            if (node.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                names.Add(path);
                return;
            }
            foreach (var property in node.EnumerateObject())
                Walk(property.Value, $"{path}:{property.Name}");
        }
        Walk(example.RootElement.GetProperty(app), app);
        return names;
    }
}
