using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Concerns;
using PolicyPortal.FunctionalTests.Data;
using PolicyPortal.FunctionalTests.Lifecycle;
using PolicyPortal.FunctionalTests.People;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using Serilog.Events;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>
/// How much a request may carry, on a real Kestrel server, since the in-memory test server enforces no body limit:
/// ordinary forms take at most <c>Limits:MaxRequestBodyKilobytes</c>, the policy editor and the import what they need.
/// Anything more is refused with a page that says why, and nothing is saved.
/// </summary>
public sealed class RequestLimitTests(LoggedPortalOnKestrel app) : IClassFixture<LoggedPortalOnKestrel>, IAsyncLifetime
{
    private const string TooLargePage = "What you sent is too large";
    private const string UnreadableFormPage = "We could not read that form";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_form_larger_than_the_limit_gets_413_with_a_page_that_says_so_and_nothing_is_saved()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var form = ConcernForms.About("Casey Jones");
        form["WhatWasSeen"] = new string('x', (int)new RequestLimitsOptions().MaxRequestBodyBytes);

        var response = await teacher.PostFormAsync("/concerns/new", "/concerns/new", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(TooLargePage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Concerns.CountAsync()));
    }

    [Fact]
    public async Task A_form_with_more_fields_than_any_form_sends_gets_400_with_a_page_that_says_so_and_nothing_is_saved()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await LifecycleSteps.StartDraftAsync(principal);
        var stamp = await LifecycleSteps.StampAsync(principal, LifecycleSteps.DraftUrl);

        // An ordinary form, and the draft editor, whose own limits allow a longer text but no more fields.
        var concern = await teacher.PostFormAsync("/concerns/new", "/concerns/new", WithExtraFields(ConcernForms.About("Casey Jones")));
        var draft = await principal.PostFormAsync(LifecycleSteps.DraftUrl, LifecycleSteps.DraftUrl, WithExtraFields(new() { ["Body"] = "Changed.", ["Kind"] = "Minor", ["Intent"] = "save", ["ConcurrencyStamp"] = stamp }));

        foreach (var response in new[] { concern, draft })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(UnreadableFormPage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Concerns.CountAsync()));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync(r => r.Body == "Changed.")));
    }

    [Fact]
    public async Task An_ordinary_form_within_the_limit_is_saved()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Casey Jones"));

        Assert.Contains(ConcernForms.WhatWasSeen, await teacher.GetStringAsync($"/concerns/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_longest_policy_text_there_can_be_is_saved_from_the_draft_editor()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await LifecycleSteps.StartDraftAsync(principal);

        // Every character is three bytes of UTF-8, nine once percent-encoded: far over the limit for ordinary forms.
        var line = new string('€', 99) + "\n";
        var body = string.Concat(Enumerable.Repeat(line, PolicyRevision.BodyMaxLength / line.Length))[..^1] + "€";
        var response = await LifecycleSteps.SaveDraftAsync(principal, body, "The longest text.", "Minor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PolicyRevision.BodyMaxLength, await app.WithDatabaseAsync(db => db.PolicyRevisions.Where(r => r.ChangeSummary == "The longest text.").Select(r => r.Body.Length).SingleAsync()));
    }

    [Fact]
    public async Task The_import_takes_an_ordinary_file_and_the_largest_one_it_allows_through_to_the_end()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        // The largest: a good row, then a bad one (its name too long) of letters and digits in no order, which hardly
        // compress, so the sealed copy of the file carried to the apply step is nearly as long as the file.
        const string Start = "Name,Email,Role\nKim Lowe,kim.lowe@example.org,Staff\n";
        const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(7);
        var noise = new string([.. Enumerable.Range(0, PeopleImport.MaxFileBytes - Start.Length - 100).Select(_ => Alphanumerics[random.Next(Alphanumerics.Length)])]);
        foreach (var (csv, email) in new[] { (Start, "kim.lowe@example.org"), (Start.Replace("kim.lowe", "lee.ward", StringComparison.Ordinal) + $"\"{noise}\",x@example.org,Staff\n", "lee.ward@example.org") })
        {
            var preview = await PeopleSteps.UploadAsync(principal, Encoding.UTF8.GetBytes(csv));
            var page = await preview.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);

            var applied = await PeopleSteps.ApplyAsync(principal, page);

            Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
            Assert.Equal(1, await app.WithDatabaseAsync(db => db.Users.CountAsync(u => u.Email == email)));
        }
    }

    [Fact]
    public async Task The_import_takes_the_most_and_the_longest_role_values_there_can_be_through_to_the_end()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        // Each value different, and each character three bytes of UTF-8, so nine in the form the browser posts back.
        var csv = "Name,Email,Role\n" + string.Concat(Enumerable.Range(1, ImportPlanner.MaxRoleValues)
            .Select(i => $"Person {i},person{i}@example.org,{i:D3}{new string('€', ImportPlanner.RoleValueMaxLength - 3)}\n"));
        var page = await (await PeopleSteps.UploadAsync(principal, csv)).Content.ReadAsStringAsync();

        var applied = await principal.PostAsync("/people/import/apply", PeopleSteps.PreviewForm(page));

        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal(ImportPlanner.MaxRoleValues, await app.WithDatabaseAsync(db => db.Users.CountAsync(u => u.Email!.StartsWith("person"))));
    }

    [Fact]
    public async Task An_import_file_larger_than_the_import_takes_gets_413_with_a_page_that_says_so()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await PeopleSteps.UploadAsync(principal, new byte[RequestLimits.ImportFileForm]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(TooLargePage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_not_signed_in_may_send_no_more_than_an_ordinary_form_to_the_draft_editor_unless_signing_in_carries_it()
    {
        var anonymous = app.Anonymous();
        var longerThanOrdinary = $"Body={new string('x', (int)new RequestLimitsOptions().MaxRequestBodyBytes)}&Intent=save";

        var refused = await anonymous.PostAsync(LifecycleSteps.DraftUrl, new StringContent(longerThanOrdinary, Encoding.UTF8, "application/x-www-form-urlencoded"));

        // Sent from the editor's own page after the session ended: passed on to the sign-in page, which takes as much as the editor.
        using var fromTheEditor = new HttpRequestMessage(HttpMethod.Post, LifecycleSteps.DraftUrl) { Content = new StringContent(longerThanOrdinary, Encoding.UTF8, "application/x-www-form-urlencoded") };
        fromTheEditor.Headers.Add("Sec-Fetch-Site", "same-origin");
        var carried = await anonymous.SendAsync(fromTheEditor);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains(TooLargePage, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, carried.StatusCode);
    }

    [Fact]
    public async Task A_teacher_is_refused_the_draft_editors_larger_form_before_any_of_it_is_read()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        // More than even the editor takes: read, it would be 413; it is refused as the teacher's before it is read.
        var overTheEditorsLimit = $"Body={new string('x', RequestLimits.PolicyTextForm)}&Intent=save";
        var refused = await teacher.PostAsync(LifecycleSteps.DraftUrl, new StringContent(overTheEditorsLimit, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_sender_who_stops_sending_a_form_halfway_is_not_warned_about(bool resetsTheConnection)
    {
        var address = app.BaseAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(address.Host);
        var earlier = app.Log.Events.ToHashSet();

        // The server says "100 Continue" as it starts to read the body, so the connection breaks while it reads.
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"POST /account/sign-in HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\nExpect: 100-continue\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 100", await ReadHeadAsync(tls), StringComparison.Ordinal);
        await tls.WriteAsync(Encoding.ASCII.GetBytes("Email=sam.taylor%40"));
        await tls.FlushAsync();
        // Reset, as when a laptop's lid closes mid-upload; or closed on the sender's side, the body short of its length.
        if (resetsTheConnection)
        {
            tcp.Client.LingerState = new LingerOption(enable: true, seconds: 0);
            tcp.Close();
        }
        else
        {
            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        await app.Log.WaitForAsync(e => !earlier.Contains(e) && CapturedLog.Text(e).StartsWith("HTTP POST /account/sign-in responded", StringComparison.Ordinal));
        var logged = app.Log.Events.Except(earlier).ToList();
        Assert.Contains(logged, e => CapturedLog.Text(e).StartsWith("HTTP POST /account/sign-in responded 499", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, e => e.Level >= LogEventLevel.Warning);
    }

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
        {
            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }

    private static Dictionary<string, string> WithExtraFields(Dictionary<string, string> form)
    {
        for (var i = 0; i < RequestLimits.MaxFormFields; i++)
        {
            form[$"Extra{i}"] = "x";
        }

        return form;
    }
}

/// <summary>The portal on Kestrel (<see cref="PortalOnKestrel"/>), with what it logs kept, each request's own line too.</summary>
public sealed class LoggedPortalOnKestrel : PortalApplication
{
    public LoggedPortalOnKestrel()
    {
        ServeOnKestrel();
        ConfigureTestServices = Log.AddTo;
        Settings = new Dictionary<string, string> { ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Information" };
    }

    internal CapturedLog Log { get; } = new();
}
