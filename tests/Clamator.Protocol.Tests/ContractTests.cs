using Arith;
using Xunit;

namespace Clamator.Tests;

public sealed class ContractTests
{
    [Theory]
    [InlineData("Arith", "add")]
    [InlineData("arith", "slow-add")]
    [InlineData("arith", "Add")]
    [InlineData("", "add")]
    [InlineData("arith\n", "add")]
    [InlineData("1arith", "add")]
    public void Bad_names_are_rejected_at_definition(string service, string method)
    {
        Assert.Throws<ArgumentException>(() => new RpcMethod<AddParams, AddResult>(service, method, ArithContract.Add.Params, ArithContract.Add.Result));
    }

    [Fact]
    public void Hyphenated_services_and_camel_case_methods_are_accepted()
    {
        var method = new RpcMethod<AddParams, AddResult>("excavator-engine2", "launchNow2", ArithContract.Add.Params, ArithContract.Add.Result);

        Assert.Equal("excavator-engine2.launchNow2", method.QualifiedName);
        Assert.False(method.IsNotification);
    }

    [Fact]
    public void Duplicate_methods_are_rejected()
    {
        ContractBuilder<IArithService> builder = Contract<IArithService>.Create("arith").Method(ArithContract.Add, static (s, p, ct) => s.AddAsync(p, ct));

        var error = Assert.Throws<ArgumentException>(() => builder.Method(ArithContract.Add, static (s, p, ct) => s.AddAsync(p, ct)));
        Assert.Contains("Duplicate method 'add'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Methods_of_another_service_are_rejected()
    {
        Assert.Throws<ArgumentException>(
            () => Contract<INotificationsService>.Create("other").Notification(NotificationsContract.Ping, static (s, p, ct) => s.PingAsync(p, ct)));
    }

    [Fact]
    public void Contract_lists_its_methods_in_order() =>
        Assert.Equal(["add", "divide", "echoText", "slowAdd"], ArithContract.Contract.Methods.Select(m => m.Name));

    [Theory]
    [InlineData("arith.add", true, "arith", "add")]
    [InlineData("a.b.c", false, "", "")]
    [InlineData(".add", false, "", "")]
    [InlineData("arith.", false, "", "")]
    public void Qualified_names_split_at_the_first_dot(string qualified, bool ok, string service, string method)
    {
        Assert.Equal(ok, RpcNames.TrySplit(qualified, out string s, out string m));
        Assert.Equal(service, s);
        Assert.Equal(method, m);
    }
}
