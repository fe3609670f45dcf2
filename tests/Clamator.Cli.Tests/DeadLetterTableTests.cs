using Clamator.Cli;
using Xunit;

namespace Clamator.Tests;

/// <summary>How <c>dead list</c> shares the width left after the whole id and the age among the columns it may cut.</summary>
public sealed class DeadLetterTableTests
{
    [Fact]
    public void Every_column_gets_all_it_needs_when_they_fit() =>
        Assert.Equal([14, 9, 6, 5], DeadLetterTable.Fit([14, 9, 6, 5], 40, 3));

    [Fact]
    public void Narrow_columns_keep_their_width_and_the_wider_share_what_is_left() =>
        Assert.Equal([12, 9, 13, 5], DeadLetterTable.Fit([14, 9, 36, 5], 39, 3));

    [Fact]
    public void Two_wide_columns_split_what_is_left_equally() =>
        Assert.Equal([5, 14, 15, 5], DeadLetterTable.Fit([5, 40, 60, 5], 39, 3));

    [Fact]
    public void No_column_gets_less_than_the_minimum() =>
        Assert.Equal([3, 3, 3, 3], DeadLetterTable.Fit([14, 9, 36, 5], 4, 3));

    [Theory]
    [InlineData("max-deliveries", 14, "max-deliveries")]
    [InlineData("max-deliveries", 9, "max-deli…")]
    [InlineData("abc", 1, "…")]
    public void Cut_ends_a_cut_cell_with_an_ellipsis(string text, int width, string cut) =>
        Assert.Equal(cut, DeadLetterTable.Cut(text, width));
}
