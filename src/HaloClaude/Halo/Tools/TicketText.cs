using HaloClaude.Halo.Api;

namespace HaloClaude.Halo.Tools;

/// <summary>Renders tickets, ticket lists, ticket history and available actions for Claude.</summary>
internal static class TicketText
{
    /// <summary>Halo reserves agent 1 for "Unassigned"; 0 also means nobody.</summary>
    public static string Agent(long agentId, string? agentName) =>
        agentId <= 1 ? "Unassigned" : RecordText.Named(agentName, agentId, "agent")!;

    public static string Ticket(HaloTicket t, IReadOnlyList<HaloAsset> assets, Func<long, string?> statusName)
    {
        var text = new RecordText()
            .Title($"Ticket #{t.Id}: {t.Summary?.Trim()}")
            .Field("Status", t.StatusName ?? statusName(t.StatusId))
            .Field("Priority", t.PriorityName ?? (t.PriorityId > 0 ? $"P{t.PriorityId}" : null))
            .Field("Type", t.TicketTypeName)
            .Field("SLA", t.SlaName)
            .Field("Client", RecordText.Named(t.ClientName, t.ClientId, "client"))
            .Field("Site", t.SiteName)
            .Field("End user", Join(RecordText.Named(t.UserName, t.UserId, "user"), t.UserEmail ?? t.ReportedBy, t.PhoneNumber))
            .Flag("Important contact (VIP)", t.IsImportantContact || t.IsVip)
            .Field("Agent", Agent(t.AgentId, t.AgentName))
            .Field("Team", t.Team)
            .Field("Category", RecordText.Join(t.Category1, t.Category2, t.Category3, t.Category4))
            .Field("Opened", t.DateOccurred)
            .Field("Last action", t.LastActionDate)
            .Field("Respond by", t.RespondByDate)
            .Field("Fix by", t.FixByDate)
            .Field("Deadline", t.DeadlineDate)
            .Flag("On hold", t.OnHold)
            .Field("Closed", t.DateClosed)
            .Field("Matched KB article", t.MatchedKbId > 0 ? $"id {t.MatchedKbId}" : null)
            .Field("Attachments", t.AttachmentCount > 0 ? t.AttachmentCount.ToString(System.Globalization.CultureInfo.InvariantCulture) : null)
            .CustomFields(t.CustomFields);
        foreach (var asset in assets)
        {
            text.Field("Linked asset", AssetText.OneLine(asset));
        }

        return text
            .Block("Closure note", HtmlText.ToPlainText(t.ClosureNote))
            .Block("Details", HtmlText.ToPlainText(t.DetailsHtml ?? t.Details))
            .ToString();
    }

    public static string List(string heading, HaloList<HaloTicket> list, Func<long, string?> statusName)
    {
        if (list.Rows.Count == 0)
        {
            return $"{heading}: no tickets found.";
        }

        var more = list.RecordCount > list.Rows.Count ? $" (showing {list.Rows.Count} of {list.RecordCount})" : string.Empty;
        var text = new RecordText().Title($"{heading}: {list.Rows.Count} ticket(s){more}, newest first.");
        foreach (var t in list.Rows.OrderByDescending(t => t.DateOccurred ?? DateTime.MinValue).ThenByDescending(t => t.Id))
        {
            var status = t.StatusName ?? statusName(t.StatusId) ?? $"status {t.StatusId}";
            var who = Join(t.UserName, t.ClientName);
            // List rows carry agent_id without a name: show a name or "Unassigned", never a bare id.
            var agent = t.AgentId <= 1 ? "; Unassigned" : string.IsNullOrWhiteSpace(t.AgentName) ? string.Empty : $"; agent: {t.AgentName.Trim()}";
            text.Line($"- #{t.Id} [{status}] {t.Summary?.Trim()}{(who.Length > 0 ? " — " + who : string.Empty)}; opened {RecordText.Day(t.DateOccurred) ?? "unknown"}{agent}");
            var details = RecordText.OneLine(HtmlText.ToPlainText(t.Details));
            if (details.Length > 0)
            {
                text.Line("  " + RecordText.Clip(details, 240));
            }
        }

        return text.ToString();
    }

    public static string Actions(long ticketId, HaloList<HaloAction> list, bool includePrivate)
    {
        var rows = list.Rows.Where(a => includePrivate || !a.HiddenFromUser).Reverse().ToList();
        if (rows.Count == 0)
        {
            return $"Ticket #{ticketId} has no {(includePrivate ? string.Empty : "public ")}actions yet.";
        }

        var privateCount = rows.Count(a => a.HiddenFromUser);
        var text = new RecordText().Title(
            $"History of ticket #{ticketId}: {rows.Count} action(s), newest first" +
            (includePrivate ? $"; {privateCount} private note(s) marked [PRIVATE NOTE] are internal and never visible to the end user." : "; private notes left out."));
        foreach (var a in rows)
        {
            var who = a.Who?.Trim() is { Length: > 0 } name ? $"{name} ({(a.WhoType == 1 ? "end user" : "agent")})" : "unknown";
            var head = $"--- {RecordText.Date(a.DateTime) ?? "undated"} · {a.Outcome?.Trim() ?? "Action"} · {who}";
            if (a.HiddenFromUser)
            {
                head += " · [PRIVATE NOTE – internal, not visible to the end user]";
            }

            if (a.NewStatus > 0 && !string.IsNullOrWhiteSpace(a.NewStatusName))
            {
                head += $" · status → {a.NewStatusName.Trim()}";
            }

            if (a.TimeTaken > 0)
            {
                head += $" · {a.TimeTaken:0.##} h";
            }

            text.Line(head);
            if (!string.IsNullOrWhiteSpace(a.EmailFrom) || !string.IsNullOrWhiteSpace(a.EmailSubject))
            {
                text.Line($"E-mail {(a.EmailDirection == "I" ? "received" : "sent")}: from {a.EmailFrom?.Trim()} to {a.EmailTo?.Trim()}{(string.IsNullOrWhiteSpace(a.EmailCc) ? string.Empty : $" cc {a.EmailCc.Trim()}")}; subject \"{a.EmailSubject?.Trim()}\"");
            }

            var body = HtmlText.ToPlainText(a.NoteHtml ?? a.Note);
            if (body.Length == 0)
            {
                body = HtmlText.ToPlainText(a.EmailBodyHtml ?? a.EmailBody);
            }

            if (body.Length > 0)
            {
                text.Line(RecordText.Clip(body, 3000));
            }
        }

        return text.ToString();
    }

    public static string AvailableActions(HaloTicket ticket, HaloList<HaloOutcome> outcomes, Func<long, string?> statusName)
    {
        var usable = outcomes.Rows.Where(o => !o.Hidden && o.SystemId == 0).OrderBy(o => o.Sequence).ThenBy(o => o.Id).ToList();
        var type = ticket.TicketTypeName ?? $"ticket type {ticket.TicketTypeId}";
        if (usable.Count == 0)
        {
            return $"Halo lists no actions for ticket #{ticket.Id} ({type}).";
        }

        var text = new RecordText().Title(
            $"Actions Halo offers for ticket #{ticket.Id} ({type}, currently {ticket.StatusName ?? statusName(ticket.StatusId) ?? "status " + ticket.StatusId}); " +
            "the ticket's workflow step may allow only some of them:");
        foreach (var o in usable)
        {
            var traits = new List<string>();
            if (o.SendEmail)
            {
                traits.Add("e-mails the end user");
            }

            if (o.HideFromUser)
            {
                traits.Add("private (internal)");
            }

            if (o.NewStatus > 0)
            {
                traits.Add("sets status to " + (statusName(o.NewStatus) ?? $"status {o.NewStatus}"));
            }

            var name = o.ButtonName?.Trim() is { Length: > 0 } button ? button : o.Outcome?.Trim() ?? $"outcome {o.Id}";
            var outcome = o.Outcome?.Trim() is { Length: > 0 } raw && raw != name ? $" (outcome \"{raw}\")" : string.Empty;
            text.Line($"- {name}{outcome}{(traits.Count > 0 ? ": " + string.Join(", ", traits) : string.Empty)}");
        }

        return text.ToString();
    }

    private static string Join(params string?[] parts) => string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
}
