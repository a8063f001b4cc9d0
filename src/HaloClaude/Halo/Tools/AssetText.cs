using HaloClaude.Halo.Api;

namespace HaloClaude.Halo.Tools;

/// <summary>Renders assets. Halo has no top-level hostname, serial or model: they come from key_field and the fields list.</summary>
internal static class AssetText
{
    public static string OneLine(HaloAsset a) =>
        $"{RecordText.Join(a.KeyField, a.InventoryNumber, a.AssetTypeName)} (asset id {a.Id})";

    public static string Asset(HaloAsset a)
    {
        var text = new RecordText()
            .Title($"Asset {RecordText.Join(a.KeyField, a.InventoryNumber)} (id {a.Id})")
            .Field("Type", a.AssetTypeName)
            .Field("Status", a.StatusName)
            .Flag("Inactive", a.Inactive)
            .Field("Asset tag", a.InventoryNumber)
            .Field("Key field", a.KeyField)
            .Field("Key field 2", a.KeyField2)
            .Field("Key field 3", a.KeyField3)
            .Field("Client", RecordText.Named(a.ClientName, a.ClientId, "client"))
            .Field("Site", a.SiteName)
            .Field("User", a.UserName);
        foreach (var user in a.Users ?? [])
        {
            text.Field("Linked user", string.Join(", ", new[] { RecordText.Named(user.Name, user.Id, "user"), user.EmailAddress }.Where(s => !string.IsNullOrWhiteSpace(s))));
        }

        foreach (var field in a.Fields ?? [])
        {
            text.Field(field.Name ?? "Field", field.Display ?? field.Value);
        }

        return text
            .Field("Warranty start", RecordText.Day(a.WarrantyStart))
            .Field("Warranty end", RecordText.Day(a.WarrantyEnd))
            .Block("Notes", HtmlText.ToPlainText(a.Notes), 3000)
            .ToString();
    }
}
