using System.Net;
using PolicyPortal.Testing;

namespace PolicyPortal.FunctionalTests.Concerns;

/// <summary>The report form filled in as a member of staff would, and the handler's forms on a concern's page.</summary>
internal static class ConcernForms
{
    public const string WhatWasSeen = "A public post with a photo of Year 9 students on the geography trip.";
    public const string Address = "https://x.com/someone/status/1860000000";

    public static Dictionary<string, string> About(string concerning, bool concernsThePrincipal = false)
    {
        var form = new Dictionary<string, string>
        {
            ["WhatWasSeen"] = WhatWasSeen,
            ["Address"] = Address,
            ["SeenOn"] = "2026-11-20",
            ["Concerning"] = concerning,
            ["PolicySection"] = "employee-responsibility",
        };
        if (concernsThePrincipal)
        {
            form["ConcernsThePrincipal"] = "true";
        }

        return form;
    }

    /// <summary>Sends the report and returns the new concern's id as its address holds it, from the page it leads to.</summary>
    public static async Task<string> ReportAsync(HttpClient reporter, Dictionary<string, string> form)
    {
        var response = await reporter.PostFormAsync("/concerns/new", "/concerns/new", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString.Split('/').Last();
    }

    public static async Task<string> StampAsync(HttpClient handler, string id) =>
        PortalClient.HiddenValue(await handler.GetStringAsync($"/concerns/{id}"), "ConcurrencyStamp");

    /// <summary>Posts one of the handler's forms (review, notes, close) with the stamp given, or the one the page shows now.</summary>
    public static async Task<HttpResponseMessage> ActAsync(HttpClient client, string id, string action, Dictionary<string, string>? fields = null, string? stamp = null)
    {
        var form = new Dictionary<string, string>(fields ?? []) { ["ConcurrencyStamp"] = stamp ?? await StampAsync(client, id) };
        return await client.PostFormAsync("/concerns", $"/concerns/{id}/{action}", form);
    }
}
