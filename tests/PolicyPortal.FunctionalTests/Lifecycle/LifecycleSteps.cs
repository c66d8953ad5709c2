using PolicyPortal.Testing;

namespace PolicyPortal.FunctionalTests.Lifecycle;

/// <summary>The lifecycle's forms, filled in as the Principal and governors would, for the seed policy.</summary>
internal static class LifecycleSteps
{
    public const string DraftUrl = SeedPolicy.Url + "/draft";
    public const string ReviewUrl = SeedPolicy.Url + "/review";

    public static Task<HttpResponseMessage> StartDraftAsync(HttpClient principal) =>
        principal.PostFormAsync(SeedPolicy.Url, DraftUrl + "/start", []);

    public static async Task<HttpResponseMessage> SaveDraftAsync(HttpClient principal, string body, string summary, string kind, string? stamp = null) =>
        await principal.PostFormAsync(DraftUrl, DraftUrl, new()
        {
            ["Body"] = body,
            ["ChangeSummary"] = summary,
            ["Kind"] = kind,
            ["Intent"] = "save",
            ["ConcurrencyStamp"] = stamp ?? await StampAsync(principal, DraftUrl),
        });

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient principal) =>
        await principal.PostFormAsync(DraftUrl, DraftUrl + "/submit", new() { ["ConcurrencyStamp"] = await StampAsync(principal, DraftUrl) });

    public static async Task<HttpResponseMessage> ReviseAsync(HttpClient principal) =>
        await principal.PostFormAsync(DraftUrl, DraftUrl + "/revise", new() { ["ConcurrencyStamp"] = await StampAsync(principal, DraftUrl) });

    /// <summary>Discards the draft from its confirmation page, with the stamp that page gives unless told another.</summary>
    public static async Task<HttpResponseMessage> DiscardAsync(HttpClient principal, string draftUrl = DraftUrl, string? stamp = null) =>
        await principal.PostFormAsync(draftUrl + "/discard", draftUrl + "/discard", new() { ["ConcurrencyStamp"] = stamp ?? await StampAsync(principal, draftUrl + "/discard") });

    public static Task<HttpResponseMessage> RecordViewAsync(HttpClient governor, string verdict, string? reason = null) =>
        governor.PostFormAsync(SeedPolicy.Url, ReviewUrl + "/views", new() { ["Verdict"] = verdict, ["Reason"] = reason ?? string.Empty });

    public static Task<HttpResponseMessage> CommentAsync(HttpClient client, string text) =>
        client.PostFormAsync(SeedPolicy.Url, ReviewUrl + "/comments", new() { ["Text"] = text });

    public static async Task<HttpResponseMessage> AdoptAsync(HttpClient governor, string meetingDate = "2026-11-20", string minute = "FGB 2026/14", string signedBy = "Robin Hughes", string effectiveFrom = "2026-11-24", string? stamp = null) =>
        await governor.PostFormAsync(SeedPolicy.Url, ReviewUrl + "/adoption", new()
        {
            ["ConcurrencyStamp"] = stamp ?? await StampAsync(governor, ReviewUrl),
            ["MeetingDate"] = meetingDate,
            ["MinuteReference"] = minute,
            ["SignedBy"] = signedBy,
            ["EffectiveFrom"] = effectiveFrom,
        });

    /// <summary>Takes a change from the Principal's draft to adoption, the way the school does it.</summary>
    public static async Task AdoptChangeAsync(PortalApplication app, string body, string summary, string kind)
    {
        var principal = await app.SignedInAsync(Web.Data.Seeding.DemoAccounts.Principal);
        var governor = await app.SignedInAsync(Web.Data.Seeding.DemoAccounts.Governor);
        Ensure(await StartDraftAsync(principal));
        Ensure(await SaveDraftAsync(principal, body, summary, kind));
        Ensure(await SubmitAsync(principal));
        Ensure(await RecordViewAsync(governor, "ReadyForAdoption"));
        Ensure(await AdoptAsync(governor));
    }

    public static async Task<string> StampAsync(HttpClient client, string url) =>
        PortalClient.HiddenValue(await client.GetStringAsync(url), "ConcurrencyStamp");

    private static void Ensure(HttpResponseMessage response)
    {
        if ((int)response.StatusCode is not (302 or 303))
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
        }
    }
}
