using System.Text;

using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace HaloClaude.Halo;

/// <summary>Turns Halo's HTML fields (e-mail bodies, notes, KB articles) into plain text for Claude: blocks and line
/// breaks become new lines, list items bullets, table cells are separated, and scripts, styles, hidden elements,
/// comments and images (tracking pixels included) are dropped.</summary>
public static class HtmlText
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title", "meta", "link", "noscript", "template", "iframe", "object", "embed",
        "svg", "math", "img", "picture", "video", "audio", "canvas", "button", "select", "input", "textarea", "form",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote", "pre", "address",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
        "hr", "fieldset", "figure", "figcaption", "center",
    };

    /// <summary>Plain text from <paramref name="html"/>; text without markup is only tidied.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return string.Empty;
        }

        if (!html.Contains('<') && !html.Contains('&'))
        {
            return Tidy(html);
        }

        using var document = Parser.ParseDocument(html);
        var text = new StringBuilder(html.Length / 2);
        Walk(document.Body ?? (INode)document, text);
        return Tidy(text.ToString());
    }

    // Iterative on purpose: a hostile e-mail can nest elements thousands deep.
    private static void Walk(INode root, StringBuilder text)
    {
        var stack = new Stack<(INode Node, bool Closing)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, closing) = stack.Pop();
            if (closing)
            {
                Close((IElement)node, text);
                continue;
            }

            switch (node)
            {
                case IText textNode:
                    text.Append(textNode.Data);
                    continue;
                case IElement element:
                    if (Dropped.Contains(element.LocalName) || IsHidden(element))
                    {
                        continue;
                    }

                    Open(element, text);
                    stack.Push((element, true));
                    break;
                case IDocument or IDocumentFragment:
                    break;
                default:
                    continue; // comments, processing instructions, doctype
            }

            for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
            {
                stack.Push((child, false));
            }
        }
    }

    private static void Open(IElement element, StringBuilder text)
    {
        switch (element.LocalName)
        {
            case "br" or "tr":
                text.Append('\n');
                break;
            case "li":
                text.Append('\n').Append(element.ParentElement?.LocalName == "ol" ? $"{Ordinal(element)}. " : "- ");
                break;
            case "td" or "th":
                if (element.PreviousElementSibling is not null)
                {
                    text.Append(" | ");
                }

                break;
            default:
                if (Blocks.Contains(element.LocalName))
                {
                    text.Append('\n');
                }

                break;
        }
    }

    private static void Close(IElement element, StringBuilder text)
    {
        // A link's address is kept after its words; a link with no words (an image, a tracking pixel) adds nothing.
        if (element.LocalName == "a" && element.GetAttribute("href") is { } href
            && (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            && element.TextContent.Trim() is { Length: > 0 } words
            && !string.Equals(words, href.Trim(), StringComparison.OrdinalIgnoreCase)
            && href.Length <= 300)
        {
            text.Append(" (").Append(href.Trim()).Append(')');
        }
        else if (Blocks.Contains(element.LocalName))
        {
            text.Append('\n');
        }
    }

    private static int Ordinal(IElement item)
    {
        var n = 1;
        for (var sibling = item.PreviousElementSibling; sibling is not null; sibling = sibling.PreviousElementSibling)
        {
            if (sibling.LocalName == "li")
            {
                n++;
            }
        }

        return n;
    }

    private static bool IsHidden(IElement element)
    {
        if (element.HasAttribute("hidden") || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var style = element.GetAttribute("style");
        if (string.IsNullOrEmpty(style))
        {
            return false;
        }

        var compact = style.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal);
    }

    /// <summary>Collapses runs of spaces, trims each line and allows at most one blank line in a row.</summary>
    private static string Tidy(string text)
    {
        var result = new StringBuilder(text.Length);
        var blankLines = 0;
        foreach (var rawLine in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            var line = CollapseSpaces(rawLine);
            if (line.Length == 0)
            {
                blankLines++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blankLines > 0 ? "\n\n" : "\n");
            }

            result.Append(line);
            blankLines = 0;
        }

        return result.ToString();
    }

    private static string CollapseSpaces(string line)
    {
        var builder = new StringBuilder(line.Length);
        var space = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
