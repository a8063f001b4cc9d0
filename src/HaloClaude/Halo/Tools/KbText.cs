using HaloClaude.Halo.Api;

namespace HaloClaude.Halo.Tools;

/// <summary>Renders knowledge-base search results and articles.</summary>
internal static class KbText
{
    public static string Search(string query, HaloList<HaloKbArticle> list)
    {
        if (list.Rows.Count == 0)
        {
            return $"No knowledge base articles match \"{query}\".";
        }

        var text = new RecordText().Title($"Knowledge base articles matching \"{query}\" ({list.Rows.Count}); read one with get_kb_article:");
        foreach (var a in list.Rows)
        {
            var tags = a.KbTags ?? a.TagString;
            text.Line($"- KB {a.Id}: {a.Name?.Trim()}{(a.Inactive ? " (inactive)" : string.Empty)}{(string.IsNullOrWhiteSpace(tags) ? string.Empty : $" [tags: {tags.Trim()}]")}");
            var description = RecordText.OneLine(HtmlText.ToPlainText(a.Description));
            if (description.Length > 0)
            {
                text.Line("  " + RecordText.Clip(description, 300));
            }
        }

        return text.ToString();
    }

    public static string Article(HaloKbArticle a) => new RecordText()
        .Title($"KB {a.Id}: {a.Name?.Trim()}")
        .Flag("Inactive", a.Inactive)
        .Field("Tags", a.KbTags ?? a.TagString)
        .Field("Last edited", RecordText.Day(a.DateEdited) is { } edited ? $"{edited}{(string.IsNullOrWhiteSpace(a.EditorName) ? string.Empty : " by " + a.EditorName.Trim())}" : null)
        .Field("Next review", RecordText.Day(a.NextReviewDate))
        .Block("Description", HtmlText.ToPlainText(a.DescriptionHtml ?? a.Description), 2000)
        .Block("Resolution", HtmlText.ToPlainText(a.ResolutionHtml ?? a.Resolution), 12000)
        .ToString();
}
