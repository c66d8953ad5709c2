using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PolicyPortal.Testing;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.People;

/// <summary>What the Principal does on the People pages, the way a browser would do it, and the emails that follow.</summary>
internal static partial class PeopleSteps
{
    public static Task<HttpResponseMessage> AddAsync(HttpClient principal, string fullName, string email, string jobTitle, params string[] roles) =>
        PostAsync(principal, "/people/new", "/people/new", [
            new("FullName", fullName),
            new("Email", email),
            new("JobTitle", jobTitle),
            .. roles.Select(r => new KeyValuePair<string, string>("Roles", r)),
        ]);

    public static async Task<HttpResponseMessage> EditAsync(HttpClient principal, string personUrl, string fullName, string jobTitle, params string[] roles)
    {
        var page = await principal.GetStringAsync($"{personUrl}/edit");
        return await principal.PostAsync($"{personUrl}/edit", new FormUrlEncodedContent([
            new("__RequestVerificationToken", PortalClient.AntiforgeryToken(page)),
            new("ConcurrencyStamp", PortalClient.HiddenValue(page, "ConcurrencyStamp")),
            new("FullName", fullName),
            new("Email", PortalClient.HiddenValue(page, "Email")),
            new("JobTitle", jobTitle),
            .. roles.Select(r => new KeyValuePair<string, string>("Roles", r)),
        ]));
    }

    public static Task<HttpResponseMessage> MarkAsLeftAsync(HttpClient principal, string personUrl) =>
        principal.PostFormAsync($"{personUrl}/leave", $"{personUrl}/leave", []);

    public static Task<HttpResponseMessage> ReactivateAsync(HttpClient principal, string personUrl) =>
        principal.PostFormAsync(personUrl, $"{personUrl}/reactivate", []);

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string actionUrl, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        return await client.PostAsync(actionUrl, new FormUrlEncodedContent([new("__RequestVerificationToken", PortalClient.AntiforgeryToken(page)), .. fields]));
    }

    /// <summary>Uploads a file on the import page, as the browser's file field would send it.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient principal, byte[] file, string fileName = "staff.csv")
    {
        var page = await principal.GetStringAsync("/people/import");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(PortalClient.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { content, "file", fileName },
        };
        return await principal.PostAsync("/people/import", form);
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient principal, string csv) => UploadAsync(principal, Encoding.UTF8.GetBytes(csv));

    /// <summary>Presses "Import N people" on a preview page.</summary>
    public static Task<HttpResponseMessage> ApplyAsync(HttpClient principal, string previewPage) =>
        principal.PostAsync("/people/import/apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(previewPage),
            ["Upload"] = PortalClient.HiddenValue(previewPage, "Upload"),
        }));

    /// <summary>The preview's form as the browser sends it: the sealed file, and the role selected for each value of the role column.</summary>
    public static FormUrlEncodedContent PreviewForm(string previewPage) => new([
        new("__RequestVerificationToken", PortalClient.AntiforgeryToken(previewPage)),
        new("Upload", PortalClient.HiddenValue(previewPage, "Upload")),
        .. RoleChoice().Matches(previewPage).SelectMany(m => new KeyValuePair<string, string>[]
        {
            new($"Choices[{m.Groups[1].Value}].Value", WebUtility.HtmlDecode(m.Groups[2].Value)),
            new($"Choices[{m.Groups[1].Value}].Choice", WebUtility.HtmlDecode(m.Groups[3].Value)),
        }),
    ]);

    /// <summary>Sends what waits in the outbox and reads every email in the pickup folder.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> SendEmailsAsync(PortalApplication app)
    {
        await Email.Mailbox.DispatchAsync(app);
        return Email.Mailbox.Read(app);
    }

    /// <summary>The set-password link in the newest invitation to <paramref name="email"/>, as a path on the portal.</summary>
    public static async Task<string> InvitationLinkAsync(PortalApplication app, string email)
    {
        var invitation = (await SendEmailsAsync(app))
            .Where(m => m.To.Mailboxes.Single().Address == email && (m.Subject ?? "").Contains("invited", StringComparison.Ordinal))
            .OrderBy(m => m.Date)
            .ThenBy(m => m.MessageId, StringComparer.Ordinal)
            .Last();
        var link = new Uri(SetPasswordLink().Match(invitation.TextBody ?? "").Value);
        Assert.Equal("portal.school.example", link.Host);
        return link.PathAndQuery;
    }

    /// <summary>
    /// Sends the form on the page an emailed link opens, an invitation's or a password reset's: to that page's own
    /// address, with the link's user and token.
    /// </summary>
    public static Task<HttpResponseMessage> SetPasswordAsync(HttpClient client, string link, string password, string? confirm = null) =>
        client.PostFormAsync("/account/sign-in", link.Split('?')[0], new()
        {
            ["User"] = Query(link, "user"),
            ["Token"] = Query(link, "token"),
            ["Password"] = password,
            ["ConfirmPassword"] = confirm ?? password,
        });

    /// <summary>The one change waiting for a governor.</summary>
    public static Task<int> WaitingChangeAsync(PortalApplication app) =>
        app.WithDatabaseAsync(db => db.AccountChanges.Where(c => c.Status == AccountChangeStatus.Waiting).Select(c => c.Id).SingleAsync());

    /// <summary>A governor presses Confirm beside a change on Changes to confirm.</summary>
    public static Task<HttpResponseMessage> ConfirmChangeAsync(HttpClient governor, int id) =>
        governor.PostFormAsync("/governors/changes", $"/governors/changes/{id}/confirm", []);

    public static Task<HttpResponseMessage> DeclineChangeAsync(HttpClient governor, int id) =>
        governor.PostFormAsync("/governors/changes", $"/governors/changes/{id}/decline", []);

    /// <summary>The roles a waiting addition of <paramref name="email"/> would give, or null if none waits.</summary>
    public static Task<string?> WaitingAdditionAsync(PortalApplication app, string email) =>
        app.WithDatabaseAsync(db => db.AccountChanges
            .Where(c => c.Status == AccountChangeStatus.Waiting && c.Kind == AccountChangeKind.Add && c.Email == email)
            .Select(c => c.Roles)
            .SingleOrDefaultAsync());

    public static Task<string> IdOfAsync(PortalApplication app, string email) =>
        app.WithDatabaseAsync(db => db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync());

    public static async Task<string> PersonUrlAsync(PortalApplication app, string email) => $"/people/{await IdOfAsync(app, email)}";

    private static string Query(string link, string name) =>
        Uri.UnescapeDataString(Regex.Match(link, $"[?&]{name}=([^&]*)").Groups[1].Value);

    [GeneratedRegex(@"name=""Choices\[(\d+)\]\.Value"" value=""([^""]*)"">[\s\S]*?<option value=""([^""]*)"" selected=""selected"">")]
    private static partial Regex RoleChoice();

    [GeneratedRegex(@"https://portal\.school\.example/account/set-password\?\S+")]
    private static partial Regex SetPasswordLink();
}
