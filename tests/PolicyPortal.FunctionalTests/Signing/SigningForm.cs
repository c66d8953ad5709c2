using PolicyPortal.Testing;

namespace PolicyPortal.FunctionalTests.Signing;

/// <summary>Fills in the sign form the way a person would: open the page, tick, type, send.</summary>
internal static class SigningForm
{
    /// <summary>The form's fields as the policy page offers them, ticked and signed with <paramref name="signatureName"/>.</summary>
    public static async Task<Dictionary<string, string>> FilledInAsync(HttpClient client, string signatureName, bool confirmed = true)
    {
        var page = await client.GetStringAsync(SeedPolicy.Url);
        var fields = new Dictionary<string, string>
        {
            ["RevisionId"] = PortalClient.HiddenValue(page, "RevisionId"),
            ["TextSha256"] = PortalClient.HiddenValue(page, "TextSha256"),
            ["SignatureName"] = signatureName,
            ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(page),
        };
        if (confirmed)
        {
            fields["Confirmed"] = "true";
        }

        return fields;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, Dictionary<string, string> fields) =>
        client.PostAsync(SeedPolicy.SignUrl, new FormUrlEncodedContent(fields));

    public static async Task<HttpResponseMessage> SignAsync(
        HttpClient client,
        string signatureName,
        bool confirmed = true,
        Action<Dictionary<string, string>>? tamper = null)
    {
        var fields = await FilledInAsync(client, signatureName, confirmed);
        tamper?.Invoke(fields);
        return await PostAsync(client, fields);
    }
}
