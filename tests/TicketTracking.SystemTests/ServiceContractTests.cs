using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;

namespace TicketTracking.SystemTests;

/// <summary>What internal tooling sees: every service healthy over gRPC and describing itself through reflection.</summary>
public sealed class ServiceContractTests
{
    public static TheoryData<string, string> ServiceContracts => new()
    {
        { "auth", "tickettracking.auth.v1.DepartmentService" },
        { "tickets", "tickettracking.tickets.v1.TicketService" },
        { "workflow", "tickettracking.workflow.v1.WorkflowDefinitionService" },
        { "messaging", "tickettracking.messaging.v1.MessageService" },
        { "notifications", "tickettracking.notifications.v1.NotificationService" },
    };

    [Theory]
    [MemberData(nameof(ServiceContracts))]
    public async Task Service_reports_SERVING_and_lists_its_services_through_reflection(string app, string contract)
    {
        using var channel = GrpcChannel.ForAddress(StackUnderTest.Grpc(app));

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        health.Status.ShouldBe(HealthCheckResponse.Types.ServingStatus.Serving);

        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(10));
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, TestContext.Current.CancellationToken);
        await reflection.RequestStream.CompleteAsync();
        (await reflection.ResponseStream.MoveNext(TestContext.Current.CancellationToken)).ShouldBeTrue();
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        services.ShouldContain(contract);
        services.ShouldContain("grpc.health.v1.Health");
    }
}

/// <summary>What the broker itself reports about the queues the stack uses.</summary>
public sealed class BrokerTopologyTests
{
    [Fact]
    public async Task Rabbitmqctl_shows_subscriber_queues_durable_classic_and_dead_lettered()
    {
        var listing = await Scripts.Run("infra.sh", "rabbitmqctl", "-q", "list_queues", "name", "durable", "auto_delete", "arguments");

        var lines = listing.Split('\n').Select(line => line.Split('\t')).Where(cells => cells.Length == 4).ToDictionary(cells => cells[0]);
        var queue = lines["notification-worker-ticket-created"];
        queue[1].ShouldBe("true");
        queue[2].ShouldBe("false");
        queue[3].ShouldContain("{\"x-queue-type\",\"classic\"}");
        queue[3].ShouldContain("{\"x-dead-letter-exchange\",\"dlx-notification-worker-ticket-created\"}");
        lines["dlq-notification-worker-ticket-created"][3].ShouldContain("{\"x-queue-mode\",\"lazy\"}");
    }
}
