using System.Globalization;

using HaloClaude.Halo.Api;

namespace HaloClaude.Halo.Tools;

/// <summary>Renders end users and clients (customer organisations).</summary>
internal static class DirectoryText
{
    public static string User(HaloUser u) => new RecordText()
        .Title($"User {u.Name?.Trim()} (id {u.Id})")
        .Field("Job title", u.Title)
        .Field("Client", RecordText.Named(u.ClientName, u.ClientId, "client"))
        .Field("Site", u.SiteName)
        .Field("Department", u.Department)
        .Field("E-mail", u.EmailAddress)
        .Field("Phone", u.PreferredPhone ?? u.PhoneNumber)
        .Field("Mobile", u.MobileNumber)
        .Field("Site phone", u.SitePhoneNumber)
        .Field("Login", u.Login)
        .Flag("Important contact (VIP)", u.IsImportantContact)
        .Flag("Inactive", u.Inactive)
        .Field("Last login", u.LastLoginDate)
        .CustomFields(u.CustomFields)
        .Block("Notes", HtmlText.ToPlainText(u.Notes), 3000)
        .ToString();

    public static string Client(HaloCustomer c) => new RecordText()
        .Title($"Client {c.Name?.Trim()} (id {c.Id})")
        .Flag("VIP client", c.IsVip)
        .Flag("Inactive", c.Inactive)
        .Field("Group", c.TopLevelName)
        .Field("Main site", c.MainSiteName)
        .Field("Main contact", c.MainContactName)
        .Field("Phone", c.MainPhoneNumber)
        .Field("Website", c.Website)
        .Field("E-mail domain", c.Domain)
        .Field("Primary technician", c.PrimaryTechnician)
        .Field("Secondary technician", c.SecondaryTechnician)
        .Field("Account manager", c.AccountManager)
        .Field("Tickets", string.Create(CultureInfo.InvariantCulture, $"{c.OpenTicketCount} open, {c.OnHoldTicketCount} on hold, {c.TotalTicketCount} in total"))
        .CustomFields(c.CustomFields)
        .Block("Notes", HtmlText.ToPlainText(c.Notes), 4000)
        .ToString();
}
