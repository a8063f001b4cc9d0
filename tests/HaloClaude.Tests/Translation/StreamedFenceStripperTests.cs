using HaloClaude.Translation;

namespace HaloClaude.Tests.Translation;

/// <summary>Edge case E35 while streaming: JSON mode loses the Markdown fence however the text is cut into deltas.</summary>
public sealed class StreamedFenceStripperTests
{
    public static TheoryData<string, string> Answers => new()
    {
        { "```json\n{\"priority\":2}\n```", "{\"priority\":2}" },
        { "```\n{\"priority\":2}\n```\n", "{\"priority\":2}" },
        { "  \n```json\n  {\"tags\":[\"a\",\"b\"]}\n```  ", "{\"tags\":[\"a\",\"b\"]}" },
        { "```json\n{\"md\":\"use `code` or ``` fences\"}\n```", "{\"md\":\"use `code` or ``` fences\"}" },
        { "{\"priority\":2}", "{\"priority\":2}" },
        { "  {\"code\":\"```\"}\n", "  {\"code\":\"```\"}\n" },
        { "`x` is not a fence", "`x` is not a fence" },
        { "``not one either", "``not one either" },
        { "```{\"one\":\"line\"}```", "```{\"one\":\"line\"}```" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void A_streamed_answer_ends_up_as_the_whole_answer_rule_leaves_it(string answer, string expected)
    {
        foreach (var size in new[] { 1, 2, 3, 4, 7, 1000 })
        {
            var stripper = new StreamedFenceStripper();
            var shown = string.Concat(answer.Chunk(size).Select(piece => stripper.Push(new string(piece)))) + stripper.Finish();

            shown.ShouldBe(expected, $"pieces of {size}");
            if (answer.Contains('\n', StringComparison.Ordinal) && answer.TrimEnd().EndsWith("```", StringComparison.Ordinal))
            {
                ResponseMapping.StripCodeFence(answer).ShouldBe(expected);
            }
        }
    }

    [Fact]
    public void Content_is_shown_as_it_arrives_not_held_until_the_end()
    {
        var stripper = new StreamedFenceStripper();

        stripper.Push("```json\n").ShouldBeEmpty();
        stripper.Push("{\"summary\":\"Printer").ShouldBe("{\"summary\":\"Printer");
        stripper.Push(" jam\"}\n``").ShouldBe(" jam\"}");
        stripper.Push("`").ShouldBeEmpty();
        stripper.Finish().ShouldBeEmpty();
    }
}
