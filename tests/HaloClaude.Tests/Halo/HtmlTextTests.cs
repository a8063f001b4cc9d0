using System.Text;

using HaloClaude.Halo;

namespace HaloClaude.Tests.Halo;

public sealed class HtmlTextTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "<p>Hello</p><p>World</p>", "Hello\n\nWorld" },
        { "Kind regards,<br>Marisol<br/>Practice Manager", "Kind regards,\nMarisol\nPractice Manager" },
        { "<script>alert('x')</script><p>Visible</p><style>p { color: red }</style>", "Visible" },
        { "<p>Before</p><img src=\"https://track.example/p.gif\" width=\"1\" height=\"1\"><p>After</p>", "Before\n\nAfter" },
        { "<div style=\"display: none\">hidden preheader</div><span hidden>also hidden</span>Shown", "Shown" },
        { "<!-- a comment --><p>Text &amp; more &lt;b&gt; &nbsp;here</p>", "Text & more <b> here" },
        { "<ul><li>One</li><li>Two</li></ul>", "- One\n- Two" },
        { "<ol><li>First</li><li>Second</li></ol>", "1. First\n2. Second" },
        { "<table><tr><td>Name</td><td>Value</td></tr><tr><td>A</td><td>1</td></tr></table>", "Name | Value\nA | 1" },
        { "<p>See <a href=\"https://kb.example/501\">the article</a></p>", "See the article (https://kb.example/501)" },
        { "<p>Open <a href=\"javascript:alert(1)\">this</a></p>", "Open this" },
        { "<p>Hi</p><a href=\"https://track.example/c?id=1\"><img src=\"https://track.example/o.gif\" width=\"1\" height=\"1\"></a>", "Hi" },
        { "<head><title>Mail</title><style>.x{}</style><script>var t=1</script></head><body><noscript>enable js</noscript><p>Body</p></body>", "Body" },
        { "<p>Dear <b>Marisol</b>,</p><blockquote><p>Original message</p></blockquote>", "Dear Marisol,\n\nOriginal message" },
        { "<p onclick=\"steal()\">Click   me</p>", "Click me" },
        { "plain text\r\n\r\n\r\nwith   gaps", "plain text\n\nwith gaps" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Html_becomes_clean_plain_text(string html, string expected) =>
        HtmlText.ToPlainText(html).ShouldBe(expected);

    [Fact]
    public void A_sample_email_ticket_keeps_its_words_and_loses_its_markup()
    {
        const string html = "<html><body><div style=\"font-family:sans-serif\"><p>Good morning,</p><p>VetLedger on the reception PC shows the logo and then just closes.</p>"
            + "<p>Kind regards,<br>Marisol Eversleigh<br>Practice Manager</p></div><table style=\"border-top:1px solid #ccc\"><tr><td style=\"font-size:8pt\">"
            + "This email is confidential.</td></tr></table><img src=\"https://mail.example/open?id=1\" width=\"1\" height=\"1\" alt=\"\"></body></html>";

        var text = HtmlText.ToPlainText(html);

        text.ShouldBe("Good morning,\n\nVetLedger on the reception PC shows the logo and then just closes.\n\nKind regards,\nMarisol Eversleigh\nPractice Manager\n\nThis email is confidential.");
    }

    [Fact]
    public void Ten_thousand_nested_elements_do_not_crash_the_walker()
    {
        var html = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            html.Append("<div>");
        }

        html.Append("deep text");
        var text = HtmlText.ToPlainText(html.ToString());

        text.ShouldBe("deep text");
    }
}
