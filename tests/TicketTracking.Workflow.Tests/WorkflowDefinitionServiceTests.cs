using Grpc.Core;
using TicketTracking.Protos.Workflow.V1;
using TicketTracking.Testing;

namespace TicketTracking.Workflow.Tests;

public sealed class WorkflowDefinitionServiceTests(WorkflowFactory factory) : IClassFixture<WorkflowFactory>
{
    private readonly WorkflowDefinitionService.WorkflowDefinitionServiceClient _client = new(factory.Channel);

    private async Task<WorkflowDefinition> Create(string name, string departmentId) =>
        (await _client.CreateWorkflowDefinitionAsync(new CreateWorkflowDefinitionRequest { Name = name, DepartmentId = departmentId }))
        .WorkflowDefinition;

    [Fact]
    public async Task A_new_definition_is_a_draft_that_reads_back()
    {
        var created = await Create("Laptop repair", Guid.CreateVersion7().ToString());

        created.Status.ShouldBe(WorkflowDefinitionStatus.Draft);
        var read = (await _client.GetWorkflowDefinitionAsync(new GetWorkflowDefinitionRequest { Id = created.Id })).WorkflowDefinition;
        read.ShouldBe(created);
    }

    [Fact]
    public async Task A_subcategory_without_its_category_is_rejected()
    {
        var error = await Should.ThrowAsync<RpcException>(() => _client.CreateWorkflowDefinitionAsync(new CreateWorkflowDefinitionRequest
        {
            Name = "Orphan",
            DepartmentId = Guid.CreateVersion7().ToString(),
            SubcategoryId = Guid.CreateVersion7().ToString(),
        }).ResponseAsync);

        error.ViolatedFields().ShouldBe(["subcategory_id"]);
    }

    [Fact]
    public async Task Listing_pages_through_a_department_in_creation_order()
    {
        var department = Guid.CreateVersion7().ToString();
        var names = new[] { "one", "two", "three", "four", "five" };
        foreach (var name in names)
            await Create(name, department);
        await Create("other department", Guid.CreateVersion7().ToString());

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await _client.ListWorkflowDefinitionsAsync(new ListWorkflowDefinitionsRequest { DepartmentId = department, PageSize = 2, PageToken = token });
            seen.AddRange(page.WorkflowDefinitions.Select(w => w.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token != "");

        seen.ShouldBe(names);
        pages.ShouldBe(3);
    }
}
