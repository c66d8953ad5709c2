using System.Net.Http.Headers;

namespace PolicyPortal.Testing;

/// <summary>The Principal's steps in bringing Word policies in, as the pages' forms send them.</summary>
public static class ImportSteps
{
    /// <summary>Chooses files on the upload page and sends them, as the browser's multiple file field does.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient principal, params (string Name, byte[] Content)[] files)
    {
        var page = await principal.GetStringAsync("/policies/import");
        using var form = new MultipartFormDataContent { { new StringContent(PortalClient.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        foreach (var (name, content) in files)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "files", name);
        }

        return await principal.PostAsync("/policies/import", form);
    }

    /// <summary>Uploads the files and imports each as the preview suggests, changing only what <paramref name="choose"/> sets.</summary>
    public static async Task<HttpResponseMessage> UploadAndImportAsync(HttpClient principal, Action<Dictionary<string, string>>? choose, params (string Name, byte[] Content)[] files)
    {
        var upload = await UploadAsync(principal, files);
        var preview = upload.Headers.Location!.OriginalString;
        var page = await principal.GetStringAsync(preview);
        var fields = new Dictionary<string, string>();
        for (var i = 0; page.Contains($"name=\"Files[{i}].Id\"", StringComparison.Ordinal); i++)
        {
            foreach (var name in new[] { "Id", "Title", "Slug" })
            {
                fields[$"Files[{i}].{name}"] = InputValue(page, $"Files[{i}].{name}");
            }

            fields[$"Files[{i}].IntoPolicy"] = string.Empty;
            fields[$"Files[{i}].Signers"] = "staff";
        }

        choose?.Invoke(fields);
        return await principal.PostFormAsync(preview, preview, fields);
    }

    public static Task<HttpResponseMessage> RecordAdoptionAsync(HttpClient principal, string slug, string meetingDate = "2025-03-12", string minute = "FGB 25/14", string signedBy = "A. Chair", string cycle = "12", string nextReview = "") =>
        RecordAdoptionAsync(principal, slug, new() { ["MeetingDate"] = meetingDate, ["MinuteReference"] = minute, ["SignedBy"] = signedBy, ["ReviewCycleMonths"] = cycle, ["NextReviewDue"] = nextReview });

    public static async Task<HttpResponseMessage> RecordAdoptionAsync(HttpClient principal, string slug, Dictionary<string, string> fields)
    {
        var url = $"/policies/{slug}/prior-adoption";
        fields["ConcurrencyStamp"] = PortalClient.HiddenValue(await principal.GetStringAsync(url), "ConcurrencyStamp");
        return await principal.PostFormAsync(url, url, fields);
    }

    /// <summary>Ticks the adoptions of the policies named (by address) on the governor's confirmation page, and confirms.</summary>
    public static async Task<HttpResponseMessage> ConfirmAsync(HttpClient governor, params string[] slugs)
    {
        var page = await governor.GetStringAsync("/policies/confirmations");
        var fields = new Dictionary<string, string>();
        for (var i = 0; page.Contains($"name=\"Items[{i}].Slug\"", StringComparison.Ordinal); i++)
        {
            var slug = InputValue(page, $"Items[{i}].Slug");
            fields[$"Items[{i}].Slug"] = slug;
            fields[$"Items[{i}].Stamp"] = InputValue(page, $"Items[{i}].Stamp");
            if (slugs.Contains(slug))
            {
                fields[$"Items[{i}].Confirm"] = "true";
            }
        }

        return await governor.PostFormAsync("/policies/confirmations", "/policies/confirmations", fields);
    }

    /// <summary>The value attribute of the input with this name.</summary>
    public static string InputValue(string html, string name)
    {
        var at = html.IndexOf($"name=\"{name}\"", StringComparison.Ordinal);
        var start = html.LastIndexOf('<', at);
        var end = html.IndexOf('>', at);
        var tag = html[start..end];
        var value = tag.IndexOf("value=\"", StringComparison.Ordinal);
        return value < 0 ? string.Empty : System.Net.WebUtility.HtmlDecode(tag[(value + 7)..tag.IndexOf('"', value + 7)]);
    }
}
