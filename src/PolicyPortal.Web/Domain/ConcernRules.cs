using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PolicyPortal.Web.Domain;

/// <summary>What a person reports: what they saw, where and when, who it concerns and which part of the policy.</summary>
public sealed record ConcernDetails(
    string WhatWasSeen,
    string? Address,
    DateOnly? SeenOn,
    string Concerning,
    bool ConcernsThePrincipal,
    string? PolicySection);

/// <summary>An active account, as the portal matches it against who a report says it concerns.</summary>
public sealed record ConcernAccount(string UserId, string FullName, string? Email, bool IsPrincipal);

/// <summary>The social media policy in force, whose heading anchors a report may point to.</summary>
public sealed record ConcernPolicy(int PolicyId, IReadOnlyCollection<string> SectionAnchors);

/// <summary>Whoever is looking at or acting on a concern, with the roles that may make them its handler.</summary>
public sealed record ConcernViewer(Person Person, bool IsPrincipal, bool IsGovernor);

/// <summary>
/// A concern's rules: who handles it (the governors when it concerns the Principal), who may see it (its reporter and
/// its handler, never the person it concerns), and its steps from received to closed.
/// </summary>
public partial class Concern
{
    public bool IsClosed => Status == ConcernStatus.Closed;

    /// <summary>
    /// Records a report and routes it. It goes to the governors when the reporter ticks "concerns the Principal" or names
    /// an active Principal; the account it names is kept (when exactly one matches) so that person never sees it.
    /// </summary>
    public static Concern Report(
        Person reporter,
        ConcernDetails details,
        ConcernPolicy? policy,
        IReadOnlyCollection<ConcernAccount> activeAccounts,
        DateOnly today,
        DateTime atUtc)
    {
        var problems = Problems(details, policy, today);
        if (problems.Count > 0)
        {
            throw new InvalidDetailsException(problems);
        }

        var concerning = details.Concerning.Trim();
        var named = activeAccounts.Where(a => Names(concerning, a)).ToList();
        var principals = activeAccounts.Where(a => a.IsPrincipal).ToList();
        var aboutPrincipal = details.ConcernsThePrincipal || named.Any(a => a.IsPrincipal);
        var section = string.IsNullOrWhiteSpace(details.PolicySection) ? null : details.PolicySection.Trim();

        var concern = new Concern
        {
            PublicId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PublicIdLength / 2)),
            ReporterUserId = reporter.UserId,
            ReporterName = reporter.FullName,
            WhatWasSeen = details.WhatWasSeen.Trim(),
            Address = string.IsNullOrWhiteSpace(details.Address) ? null : details.Address.Trim(),
            SeenOn = details.SeenOn!.Value,
            Concerning = concerning,

            // Ticked "concerns the Principal" without naming anyone the portal knows: the Principal is the one it concerns.
            ConcerningUserId = named.Count == 1 ? named[0].UserId
                : named.Count == 0 && details.ConcernsThePrincipal && principals.Count == 1 ? principals[0].UserId
                : null,
            PolicySection = section,
            PolicyId = section is null ? null : policy!.PolicyId,
            Handler = aboutPrincipal ? ConcernHandler.Governors : ConcernHandler.Principal,
            Status = ConcernStatus.Received,
            ReportedAtUtc = atUtc,
        };
        concern.Record(ConcernEventKind.Reported, reporter, $"Reported the concern to {HandlerText(concern.Handler)}.", atUtc);
        return concern;
    }

    /// <summary>Everything wrong with a report, by field, in words for the person who filled it in.</summary>
    public static IReadOnlyList<FieldProblem> Problems(ConcernDetails details, ConcernPolicy? policy, DateOnly today)
    {
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(details.WhatWasSeen))
        {
            problems.Add(new(nameof(ConcernDetails.WhatWasSeen), "Say what you saw."));
        }
        else if (details.WhatWasSeen.Trim().Length > TextMaxLength)
        {
            problems.Add(new(nameof(ConcernDetails.WhatWasSeen), $"Keep what you saw to {TextMaxLength:N0} characters."));
        }

        if (!string.IsNullOrWhiteSpace(details.Address))
        {
            var address = details.Address.Trim();
            if (address.Length > AddressMaxLength)
            {
                problems.Add(new(nameof(ConcernDetails.Address), $"This address is too long: keep it to {AddressMaxLength:N0} characters."));
            }
            else if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                problems.Add(new(nameof(ConcernDetails.Address), "Enter the web address where you saw it, starting with https:// or http://, or leave it empty."));
            }
        }

        if (details.SeenOn is not { } seenOn)
        {
            problems.Add(new(nameof(ConcernDetails.SeenOn), "Enter the date you saw it."));
        }
        else if (seenOn > today)
        {
            problems.Add(new(nameof(ConcernDetails.SeenOn), "The date you saw it cannot be in the future."));
        }
        else if (seenOn < today.AddYears(-50))
        {
            problems.Add(new(nameof(ConcernDetails.SeenOn), "Check the date you saw it."));
        }

        if (string.IsNullOrWhiteSpace(details.Concerning))
        {
            problems.Add(new(nameof(ConcernDetails.Concerning), "Say who it concerns."));
        }
        else if (details.Concerning.Trim().Length > ConcerningMaxLength)
        {
            problems.Add(new(nameof(ConcernDetails.Concerning), $"Keep who it concerns to {ConcerningMaxLength} characters."));
        }

        if (!string.IsNullOrWhiteSpace(details.PolicySection)
            && (policy is null || details.PolicySection.Length > SectionMaxLength || !policy.SectionAnchors.Contains(details.PolicySection.Trim())))
        {
            problems.Add(new(nameof(ConcernDetails.PolicySection), "Choose a part of the policy from the list, or leave it as not sure."));
        }

        return problems;
    }

    /// <summary>
    /// Who handles concerns as a query, so that lists, counts and single pages agree: the Principal the Principal's,
    /// governors (who are not also the Principal) the governors', and never the person a concern is about.
    /// </summary>
    public static Expression<Func<Concern, bool>> HandledBy(ConcernViewer viewer)
    {
        var userId = viewer.Person.UserId;
        var principal = viewer.IsPrincipal;
        var governor = viewer.IsGovernor && !viewer.IsPrincipal;
        return c => c.ConcerningUserId != userId
            && ((principal && c.Handler == ConcernHandler.Principal) || (governor && c.Handler == ConcernHandler.Governors));
    }

    public bool IsHandledBy(ConcernViewer viewer) => HandledBy(viewer).Compile()(this);

    public bool IsReportedBy(ConcernViewer viewer) => viewer.Person.UserId == ReporterUserId;

    /// <summary>The reporter sees their own report; its handler sees it whole; everyone else, the person it concerns above all, does not.</summary>
    public bool CanBeSeenBy(ConcernViewer viewer) => IsReportedBy(viewer) || IsHandledBy(viewer);

    /// <summary>A handler opened the concern: recorded every time, so there is a trail of who read a report.</summary>
    public void RecordView(ConcernViewer handler, DateTime atUtc)
    {
        RequireHandler(handler);

        // Reading is not acting: the stamp stays, so a colleague's look does not turn an action in another tab into a conflict.
        _timeline.Add(new ConcernEvent(this, ConcernEventKind.Viewed, handler.Person, "Viewed the concern.", atUtc));
    }

    public void StartReview(ConcernViewer handler, DateTime atUtc)
    {
        RequireHandler(handler);
        RequireStatus("put under review", ConcernStatus.Received);
        Status = ConcernStatus.UnderReview;
        Record(ConcernEventKind.ReviewStarted, handler.Person, "Started the review.", atUtc);
    }

    /// <summary>A note for the handlers' record. The reporter does not see it.</summary>
    public void AddNote(ConcernViewer handler, string? note, DateTime atUtc)
    {
        RequireHandler(handler);
        RequireStatus("given a note", ConcernStatus.Received, ConcernStatus.UnderReview);
        var text = Required(note, "Write the note before adding it.");
        Record(ConcernEventKind.NoteAdded, handler.Person, $"Note: {text}", atUtc);
    }

    /// <summary>Closes the concern with its outcome, which the reporter sees.</summary>
    public void Close(ConcernViewer handler, string? outcome, DateTime atUtc)
    {
        RequireHandler(handler);
        RequireStatus("closed", ConcernStatus.Received, ConcernStatus.UnderReview);
        var text = Required(outcome, "Write the outcome before closing the concern. The person who reported it will see it.");
        Status = ConcernStatus.Closed;
        OutcomeNote = text;
        ClosedAtUtc = atUtc;
        Record(ConcernEventKind.Closed, handler.Person, $"Closed the concern. Outcome: {text}", atUtc);
    }

    public static string StatusText(ConcernStatus status) => status switch
    {
        ConcernStatus.Received => "received and waiting to be looked at",
        ConcernStatus.UnderReview => "under review",
        _ => "closed",
    };

    public static string HandlerText(ConcernHandler handler) => handler == ConcernHandler.Governors ? "the governors" : "the Principal";

    // "Alex Morgan", " alex  morgan " and "PRINCIPAL@example.org" all name the same account.
    private static bool Names(string concerning, ConcernAccount account)
    {
        var text = Spaces().Replace(concerning, " ");
        return string.Equals(text, Spaces().Replace(account.FullName.Trim(), " "), StringComparison.OrdinalIgnoreCase)
            || (account.Email is { Length: > 0 } email && string.Equals(text, email.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private void RequireHandler(ConcernViewer viewer)
    {
        if (!IsHandledBy(viewer))
        {
            throw new DomainRuleException("Only the person handling this concern can do that.");
        }
    }

    private void RequireStatus(string action, params ConcernStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new DomainRuleException($"This concern is {StatusText(Status)}, so it cannot be {action}.");
        }
    }

    private static string Required(string? text, string message) =>
        string.IsNullOrWhiteSpace(text) ? throw new DomainRuleException(message)
        : text.Trim().Length > TextMaxLength ? throw new DomainRuleException($"Keep it to {TextMaxLength:N0} characters.")
        : text.Trim();

    private void Record(ConcernEventKind kind, Person actor, string detail, DateTime atUtc)
    {
        ConcurrencyStamp = Guid.NewGuid();
        _timeline.Add(new ConcernEvent(this, kind, actor, detail, atUtc));
    }
}
