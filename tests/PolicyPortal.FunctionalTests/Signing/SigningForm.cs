using PolicyPortal.Testing;

namespace PolicyPortal.FunctionalTests.Signing;

/// <summary>Fills in the sign form the way a person would: open the page, tick, type, send.</summary>
internal static class SigningForm
{
    public static async Task<HttpResponseMessage> SignAsync(
        HttpClient client,
        string signatureName,
        bool confirmed = true,
        Action<Dictionary<string, string>>? tamper = null,
        bool withAntiforgeryToken = true)
    {
        var page = await client.GetStringAsync(SeedPolicy.Url);
        var fields = new Dictionary<string, string>
        {
            ["RevisionId"] = PortalClient.HiddenValue(page, "RevisionId"),
            ["TextSha256"] = PortalClient.HiddenValue(page, "TextSha256"),
            ["SignatureName"] = signatureName,
        };
        if (confirmed)
        {
            fields["Confirmed"] = "true";
        }

        if (withAntiforgeryToken)
        {
            fields["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(page);
        }

        tamper?.Invoke(fields);
        return await client.PostAsync(SeedPolicy.SignUrl, new FormUrlEncodedContent(fields));
    }
}
