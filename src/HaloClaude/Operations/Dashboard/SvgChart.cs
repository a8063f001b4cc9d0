using System.Globalization;
using System.Net;
using System.Text;

namespace HaloClaude.Operations.Dashboard;

/// <summary>A small time-series line chart as inline SVG: no script, no external asset, readable without CSS.</summary>
public static class SvgChart
{
    private const int Width = 640;
    private const int Height = 180;
    private const int Left = 64;
    private const int Right = 12;
    private const int Top = 12;
    private const int Bottom = 28;

    /// <summary>One line: a legend name, a CSS colour and its points in time order.</summary>
    public sealed record Series(string Name, string Color, IReadOnlyList<(DateTimeOffset Time, double Value)> Points);

    public static string Render(string title, string unit, IReadOnlyList<Series> series)
    {
        var svg = new StringBuilder();
        var label = WebUtility.HtmlEncode(title);
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{label}</title>");
        var points = series.SelectMany(s => s.Points).ToList();
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"muted\">No requests yet</text></svg>");
            return svg.ToString();
        }

        var start = points.Min(p => p.Time);
        var end = points.Max(p => p.Time);
        var span = Math.Max((end - start).TotalSeconds, 1);
        var max = Math.Max(points.Max(p => p.Value), 1e-9);
        double X(DateTimeOffset t) => points.Count == 1 || end == start
            ? Left + ((Width - Left - Right) / 2.0)
            : Left + ((t - start).TotalSeconds / span * (Width - Left - Right));
        double Y(double v) => Height - Bottom - (v / max * (Height - Top - Bottom));

        // Axes and labels: the maximum, zero, and the first and last time shown.
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" class=\"axis\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" class=\"axis\"/>");
        // The unit goes under the maximum rather than beside it, so a long number still fits the left margin.
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Top + 10}\" text-anchor=\"end\">{Number(max)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Top + 23}\" text-anchor=\"end\" class=\"muted\">{WebUtility.HtmlEncode(unit)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Height - Bottom}\" text-anchor=\"end\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 8}\">{start.UtcDateTime:HH:mm:ss}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 8}\" text-anchor=\"end\">{end.UtcDateTime:HH:mm:ss} UTC</text>");

        var legendX = Left + 8;
        foreach (var line in series)
        {
            var color = WebUtility.HtmlEncode(line.Color);
            if (line.Points.Count > 1)
            {
                var path = string.Join(' ', line.Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.Time):0.#},{Y(p.Value):0.#}")));
                svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"/>");
            }

            foreach (var (time, value) in line.Points)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(time):0.#}\" cy=\"{Y(value):0.#}\" r=\"2.5\" fill=\"{color}\"><title>{time.UtcDateTime:HH:mm:ss} {WebUtility.HtmlEncode(line.Name)}: {Number(value)}</title></circle>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"{Top}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{legendX + 14}\" y=\"{Top + 9}\">{WebUtility.HtmlEncode(line.Name)}</text>");
            legendX += 24 + (line.Name.Length * 7);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    internal static string Number(double value) => value switch
    {
        >= 1000 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.######", CultureInfo.InvariantCulture),
    };
}
