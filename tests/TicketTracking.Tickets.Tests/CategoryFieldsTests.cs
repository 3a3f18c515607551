using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Tests;

/// <summary>Categories with JSON-schema fields: what a ticket may carry, with errors that name the field.</summary>
public sealed class CategoryFieldsTests(TicketsFactory factory) : IClassFixture<TicketsFactory>
{
    private readonly TicketService.TicketServiceClient _tickets = new(factory.Channel);
    private readonly CategoryService.CategoryServiceClient _categories = new(factory.Channel);

    private Task<CreateTicketResponse> FileAsync(Guid department, Guid category, string fieldsJson) =>
        _tickets.CreateTicketAsync(new CreateTicketRequest
        {
            Subject = "Request",
            Description = "Please.",
            RequesterId = Guid.NewGuid().ToString(),
            DepartmentId = department.ToString(),
            CategoryId = category.ToString(),
            Priority = Priority.Medium,
            Fields = JsonParser.Default.Parse<Struct>(fieldsJson),
        }).ResponseAsync;

    [Fact]
    public async Task Every_installation_has_the_IT_Asset_and_Budget_categories_with_their_fields()
    {
        var categories = (await _categories.ListCategoriesAsync(new ListCategoriesRequest())).Categories;

        foreach (var builtIn in BuiltInCategories.All)
            categories.Single(c => c.Id == builtIn.Id.ToString()).DepartmentId.ShouldBe(builtIn.DepartmentId.ToString());
        categories.Single(c => c.Name == "Asset Request").FieldsSchema.ShouldContain("serial_number");
        categories.Single(c => c.Name == "Budget Request").FieldsSchema.ShouldContain("performance_period");
    }

    [Fact]
    public async Task Asset_fields_are_checked_and_every_error_names_its_field()
    {
        var error = await Should.ThrowAsync<RpcException>(() => FileAsync(BuiltInCategories.AssetDepartment, BuiltInCategories.AssetRequest,
            """{"asset_name": "Projector", "expected_return_date": "next week", "colour": "red"}"""));
        var valid = (await FileAsync(BuiltInCategories.AssetDepartment, BuiltInCategories.AssetRequest,
            """{"asset_name": "Projector", "serial_number": "PJ-4471", "location": "Room 4", "expected_return_date": "2026-12-01"}""")).Ticket;

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.ViolatedFields().ShouldBe(["fields.location", "fields.expected_return_date", "fields.colour"], ignoreOrder: true);
        valid.Fields.Fields["serial_number"].StringValue.ShouldBe("PJ-4471");
        (await _tickets.GetTicketAsync(new GetTicketRequest { Number = valid.Number })).Ticket.Fields.ShouldBe(valid.Fields);
    }

    [Fact]
    public async Task Budget_cost_items_are_checked_item_by_item()
    {
        var error = await Should.ThrowAsync<RpcException>(() => FileAsync(BuiltInCategories.BudgetDepartment, BuiltInCategories.BudgetRequest,
            """{"cost_items": [{"description": "Licences", "amount": -5}], "requested_amount": 100, "performance_period": {"start": "2027-01-01", "end": "2027-12-31"}}"""));

        error.ViolatedFields().ShouldBe(["fields.cost_items[0].amount"]);
    }

    [Fact]
    public async Task A_category_from_another_department_or_fields_without_a_schema_are_refused()
    {
        var wrongDepartment = await Should.ThrowAsync<RpcException>(() => FileAsync(BuiltInCategories.ItDepartment, BuiltInCategories.AssetRequest, "{}"));
        var noSchema = await Should.ThrowAsync<RpcException>(() => FileAsync(BuiltInCategories.ItDepartment, BuiltInCategories.ItSupport, """{"anything": 1}"""));

        wrongDepartment.ViolatedFields().ShouldBe(["category_id"]);
        noSchema.ViolatedFields().ShouldBe(["fields"]);
    }

    [Fact]
    public async Task A_subcategory_schema_replaces_the_categorys_and_a_broken_schema_is_refused()
    {
        var category = (await _categories.CreateCategoryAsync(new CreateCategoryRequest
        {
            DepartmentId = BuiltInCategories.ItDepartment.ToString(), Name = $"Accounts {Guid.NewGuid():N}"[..20],
        })).Category;
        var subcategory = (await _categories.CreateSubcategoryAsync(new CreateSubcategoryRequest
        {
            CategoryId = category.Id, Name = "New account",
            FieldsSchema = """{"type": "object", "required": ["username"], "properties": {"username": {"type": "string"}}}""",
        })).Subcategory;
        var broken = await Should.ThrowAsync<RpcException>(() => _categories.CreateCategoryAsync(new CreateCategoryRequest
        {
            DepartmentId = BuiltInCategories.ItDepartment.ToString(), Name = "Broken", FieldsSchema = """{"type": 12}""",
        }).ResponseAsync);

        var missing = await Should.ThrowAsync<RpcException>(() => _tickets.CreateTicketAsync(new CreateTicketRequest
        {
            Subject = "Account", Description = "For the new hire.", RequesterId = Guid.NewGuid().ToString(),
            DepartmentId = BuiltInCategories.ItDepartment.ToString(), CategoryId = category.Id, SubcategoryId = subcategory.Id, Priority = Priority.Low,
        }).ResponseAsync);

        missing.ViolatedFields().ShouldBe(["fields.username"]);
        broken.ViolatedFields().ShouldBe(["fields_schema"]);
    }

    [Fact]
    public async Task Changing_the_category_of_a_ticket_checks_its_fields_against_the_new_schema()
    {
        var ticket = (await FileAsync(BuiltInCategories.ItDepartment, BuiltInCategories.ItSupport, "{}")).Ticket;

        var refused = await Should.ThrowAsync<RpcException>(() => _tickets.UpdateTicketAsync(new UpdateTicketRequest
        {
            Number = ticket.Number, DepartmentId = BuiltInCategories.AssetDepartment.ToString(), CategoryId = BuiltInCategories.AssetRequest.ToString(),
        }).ResponseAsync);
        var moved = (await _tickets.UpdateTicketAsync(new UpdateTicketRequest
        {
            Number = ticket.Number, DepartmentId = BuiltInCategories.AssetDepartment.ToString(), CategoryId = BuiltInCategories.AssetRequest.ToString(),
            Fields = JsonParser.Default.Parse<Struct>("""{"asset_name": "Laptop", "location": "Desk 12"}"""),
        })).Ticket;

        refused.ViolatedFields().ShouldBe(["fields.asset_name", "fields.location"], ignoreOrder: true);
        moved.CategoryId.ShouldBe(BuiltInCategories.AssetRequest.ToString());
        moved.Fields.Fields["location"].StringValue.ShouldBe("Desk 12");
    }
}
