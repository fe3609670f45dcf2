using System.Text.Json;
using Xunit;

namespace Clamator.Tests;

public sealed class ValidationFailureTests
{
    private sealed record Line(string Sku) : IValidatable
    {
        public void Validate(ValidationContext context) => context.Length("sku", Sku.Length, 2, null);
    }

    private sealed record Order(IReadOnlyDictionary<string, Line> Lines) : IValidatable
    {
        public void Validate(ValidationContext context) => context.EachValue("lines", Lines);
    }

    private sealed record Broken : IValidatable
    {
        public void Validate(ValidationContext context) => throw new InvalidOperationException("validator bug");
    }

    private sealed record HoldsBroken(IReadOnlyList<Broken> Items) : IValidatable
    {
        public void Validate(ValidationContext context) => context.Each("items", Items);
    }

    [Fact]
    public void Validator_that_throws_is_a_failure_at_the_path_where_it_threw_not_an_escaping_exception()
    {
        ValidationFailure? failure = ValidationContext.Check(new HoldsBroken([new Broken()]));

        ValidationIssue issue = Assert.Single(failure!.Issues);
        Assert.Equal("items[0]", issue.PathText);
        Assert.Equal("Validation threw InvalidOperationException: validator bug", issue.Message);
    }

    [Fact]
    public void Missing_required_members_are_reported_each_at_its_own_path()
    {
        var error = new JsonException("JSON deserialization for type 'X' was missing required properties including: 'a', 'b'.", "$.nested", null, null);

        ValidationFailure failure = ValidationFailure.FromJsonException(error);

        Assert.Equal(["nested.a", "nested.b"], failure.Issues.Select(i => i.PathText));
        Assert.All(failure.Issues, i => Assert.Equal("Required", i.Message));
    }

    [Fact]
    public void Other_json_errors_keep_their_path_and_message()
    {
        var error = new JsonException(
            "The JSON value could not be converted to System.Int64. Path: $.items[1].qty | LineNumber: 0", "$.items[1].qty", null, null);

        ValidationIssue issue = Assert.Single(ValidationFailure.FromJsonException(error).Issues);

        Assert.Equal("items[1].qty", issue.PathText);
        Assert.Equal("The JSON value could not be converted to System.Int64.", issue.Message);
    }

    [Fact]
    public void A_null_item_found_while_writing_is_reported_at_the_writers_path_and_below()
    {
        // EnvelopeWriter wraps what the generated check threw in a JsonException whose path is the value being written.
        var item = new JsonItemException("Expected string, received null", ["tags", 0]);
        var written = new JsonException(item.Message, "$.items[1]", null, null, item);

        ValidationIssue issue = Assert.Single(ValidationFailure.FromSerializerError(written).Issues);

        Assert.Equal(new object[] { "items", 1, "tags", 0 }, issue.Path);
        Assert.Equal("Expected string, received null", issue.Message);
    }

    [Fact]
    public void A_null_item_thrown_unwrapped_is_reported_at_its_relative_path()
    {
        var item = new JsonItemException("Expected object, received null", ["points", "home"]);

        ValidationIssue issue = Assert.Single(ValidationFailure.FromJsonException(item).Issues);

        Assert.Equal(new object[] { "points", "home" }, issue.Path);
        Assert.Equal("Expected object, received null", issue.Message);
    }

    [Fact]
    public void Dictionary_values_are_validated_at_their_keys()
    {
        var order = new Order(new Dictionary<string, Line> { ["ok"] = new("ab"), ["bad"] = new("a") });

        ValidationFailure? failure = ValidationContext.Check(order);

        Assert.Equal("lines.bad.sku", Assert.Single(failure!.Issues).PathText);
    }
}
