using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Lifecycle;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Concerns;

/// <summary>
/// Who sees a concern: its reporter and its handler, never the person it concerns, and nobody else; what its address
/// gives away (nothing); and what counts as a handler's look at it (a page they open, nothing else).
/// </summary>
public sealed partial class ConcernVisibilityTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_staff_members_concern_is_seen_by_the_principal_and_by_nobody_else()
    {
        var subject = await app.AddPersonAsync("casey.jones@example.org", "Casey Jones", "Teacher of PE", Roles.Staff);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var sent = await teacher.PostFormAsync("/concerns/new", "/concerns/new", ConcernForms.About("Casey Jones"));
        var confirmation = await teacher.GetStringAsync(sent.Headers.Location!.OriginalString);
        var id = sent.Headers.Location!.OriginalString.Split('/').Last();

        Assert.Contains("Thank you. Your concern is sent to the Principal. Follow it on this page, or from Concerns at the top of any page.", confirmation, StringComparison.Ordinal);
        var principalsPage = await principal.GetAsync($"/concerns/{id}");
        Assert.Equal(HttpStatusCode.OK, principalsPage.StatusCode);
        Assert.Contains(ConcernForms.WhatWasSeen, await principalsPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"href=\"/concerns/{id}\"", await principal.GetStringAsync("/concerns"), StringComparison.Ordinal);
        foreach (var other in new[] { DemoAccounts.Support, DemoAccounts.Governor, subject })
        {
            var client = await app.SignedInAsync(other);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/concerns/{id}")).StatusCode);
            Assert.DoesNotContain($"/concerns/{id}\"", await client.GetStringAsync("/concerns"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Someone on the leadership team", true)]
    [InlineData("Alex Morgan", false)]
    [InlineData(" principal@EXAMPLE.org ", false)]
    public async Task A_concern_about_the_principal_goes_to_the_governors_and_the_principal_never_sees_it(string concerning, bool box)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About(concerning, box));

        Assert.Equal(HttpStatusCode.NotFound, (await principal.GetAsync($"/concerns/{id}")).StatusCode);
        Assert.DoesNotContain($"/concerns/{id}\"", await principal.GetStringAsync("/concerns"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ConcernForms.ActAsync(principal, id, "review", stamp: Guid.NewGuid().ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await governor.GetAsync($"/concerns/{id}")).StatusCode);
        Assert.Contains($"href=\"/concerns/{id}\"", await governor.GetStringAsync("/concerns"), StringComparison.Ordinal);
        Assert.Contains("Your concern is sent to the governors.", await teacher.GetStringAsync($"/concerns/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_concern_naming_a_governor_who_would_handle_it_is_hidden_from_that_governor()
    {
        var secondGovernor = await app.AddPersonAsync("chris.lee@example.org", "Chris Lee", "Chair of Governors", Roles.Governor);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var named = await app.SignedInAsync(DemoAccounts.Governor);
        var other = await app.SignedInAsync(secondGovernor);

        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("robin hughes", concernsThePrincipal: true));

        Assert.Equal(HttpStatusCode.NotFound, (await named.GetAsync($"/concerns/{id}")).StatusCode);
        Assert.DoesNotContain($"/concerns/{id}\"", await named.GetStringAsync("/concerns"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/concerns/{id}")).StatusCode);
        Assert.Contains($"href=\"/concerns/{id}\"", await other.GetStringAsync("/concerns"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reporter_follows_the_state_and_outcome_but_not_who_looked_or_what_they_noted()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Jo Patel"));

        await ConcernForms.ActAsync(principal, id, "review");
        await ConcernForms.ActAsync(principal, id, "notes", new() { ["note"] = "Spoke to Jo in private." });
        var underReview = await teacher.GetStringAsync($"/concerns/{id}");
        var list = await teacher.GetStringAsync("/concerns");
        await ConcernForms.ActAsync(principal, id, "close", new() { ["outcome"] = "The post was taken down." });
        var closed = await teacher.GetStringAsync($"/concerns/{id}");

        Assert.Matches(@"<dt>State</dt>\s*<dd>Under review</dd>", underReview);
        Assert.Contains("<td>Jo Patel</td>", list, StringComparison.Ordinal);
        Assert.Contains("<td>Under review</td>", list, StringComparison.Ordinal);
        Assert.Contains(ConcernForms.WhatWasSeen, underReview, StringComparison.Ordinal);
        Assert.Matches(@"<dt>State</dt>\s*<dd>Closed, on 24 November 2026 at 09:30</dd>\s*<dt>Outcome</dt>\s*<dd class=""preserve-lines"">The post was taken down.</dd>", closed);
        foreach (var page in new[] { underReview, closed })
        {
            Assert.DoesNotContain("Spoke to Jo in private.", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Viewed the concern.", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Timeline", page, StringComparison.Ordinal);
            Assert.DoesNotContain("ConcurrencyStamp", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_view_by_a_handler_is_recorded_and_shown_on_the_timeline()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Jo Patel"));

        await principal.GetStringAsync($"/concerns/{id}");
        var secondLook = await principal.GetStringAsync($"/concerns/{id}");
        await teacher.GetStringAsync($"/concerns/{id}");
        await governor.GetAsync($"/concerns/{id}");

        var views = await app.WithDatabaseAsync(db => db.ConcernEvents.Where(e => e.Kind == ConcernEventKind.Viewed).Select(e => e.ActorName).ToListAsync());
        Assert.Equal(["Alex Morgan", "Alex Morgan"], views);
        Assert.Equal(2, secondLook.Split("<td>Alex Morgan</td><td>Viewed the concern.</td>").Length - 1);
        Assert.Contains("<td>Sam Taylor</td><td>Reported the concern to the Principal.</td>", secondLook, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_concerns_address_holds_no_number_so_it_tells_nothing_of_any_other_and_a_numbered_address_is_not_found()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var first = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Jo Patel"));
        var second = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Casey Jones"));
        var numbers = await app.WithDatabaseAsync(db => db.Concerns.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync());

        Assert.All(new[] { first, second }, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.True(first.Zip(second).Count(pair => pair.First != pair.Second) > 16, $"{first} and {second} have too much in common to be chance.");
        foreach (var client in new[] { teacher, principal })
        {
            var hrefs = ConcernHref().Matches(await client.GetStringAsync("/concerns")).Select(m => m.Groups["id"].Value).Where(id => id != "new").Order().ToList();
            var page = await client.GetStringAsync($"/concerns/{first}");
            Assert.Equal(new[] { first, second }.Order(), hrefs);
            foreach (var number in numbers)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/concerns/{number}")).StatusCode);
                Assert.DoesNotContain($"Concern {number}<", page, StringComparison.Ordinal);
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, (await ConcernForms.ActAsync(principal, numbers[0].ToString(System.Globalization.CultureInfo.InvariantCulture), "review", stamp: Guid.NewGuid().ToString())).StatusCode);
        Assert.Equal(ConcernStatus.Received, await app.WithDatabaseAsync(db => db.Concerns.Where(c => c.Id == numbers[0]).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task Only_a_page_the_handler_opens_records_a_view_not_an_image_a_frame_a_script_or_a_prefetch_of_it_which_is_refused()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var id = await ConcernForms.ReportAsync(await app.SignedInAsync(DemoAccounts.Teacher), ConcernForms.About("Jo Patel"));
        (string Name, string Value)[][] notOpened =
        [
            [("Sec-Fetch-Dest", "image"), ("Sec-Fetch-Mode", "no-cors")],
            [("Sec-Fetch-Dest", "iframe"), ("Sec-Fetch-Mode", "navigate")],
            [("Sec-Fetch-Dest", "script"), ("Sec-Fetch-Mode", "no-cors")],
            [("Sec-Fetch-Dest", "empty"), ("Sec-Fetch-Mode", "cors")],
            [("Sec-Fetch-Dest", "document"), ("Sec-Fetch-Mode", "navigate"), ("Sec-Purpose", "prefetch")],
            [("Sec-Fetch-Dest", "document"), ("Sec-Fetch-Mode", "navigate"), ("Sec-Purpose", "prefetch;prerender")],
            [("Purpose", "prefetch")],
        ];

        foreach (var headers in notOpened)
        {
            var response = await GetAsync(principal, $"/concerns/{id}", headers);

            // A page fetched ahead is refused, so that the browser asks again, and is recorded, when the handler opens it.
            var described = string.Join(", ", headers.Select(h => $"{h.Name}: {h.Value}"));
            var fetchedAhead = headers.Any(h => h.Name is "Sec-Purpose" or "Purpose");
            Assert.True(response.StatusCode == (fetchedAhead ? HttpStatusCode.BadRequest : HttpStatusCode.OK), $"{described} answered {(int)response.StatusCode}.");
            Assert.True(!fetchedAhead || !(await response.Content.ReadAsStringAsync()).Contains(ConcernForms.WhatWasSeen, StringComparison.Ordinal), $"{described} was given the concern.");
            Assert.True(await ViewsAsync() == 0, $"{described} recorded a view.");
        }

        var opened = await GetAsync(principal, $"/concerns/{id}", ("Sec-Fetch-Dest", "document"), ("Sec-Fetch-Mode", "navigate"), ("Sec-Fetch-User", "?1"));
        Assert.Equal(1, await ViewsAsync());
        Assert.Contains("<td>Alex Morgan</td><td>Viewed the concern.</td>", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_governor_reviewing_a_draft_that_embeds_a_concern_about_the_principal_records_no_view_of_it()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var id = await ConcernForms.ReportAsync(await app.SignedInAsync(DemoAccounts.Teacher), ConcernForms.About("Alex Morgan"));
        await LifecycleSteps.StartDraftAsync(principal);
        Assert.Equal(HttpStatusCode.Redirect, (await LifecycleSteps.SaveDraftAsync(principal, SeedPolicy.Document.Body + $"\n\n![x](/concerns/{id})\n", "Adds a picture.", "Minor")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await LifecycleSteps.SubmitAsync(principal)).StatusCode);

        // The governor opens the review page, and the browser loads what it shows: each picture, as a picture.
        var review = await GetAsync(governor, LifecycleSteps.ReviewUrl, ("Sec-Fetch-Dest", "document"), ("Sec-Fetch-Mode", "navigate"));
        var page = await review.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.DoesNotContain($"src=\"/concerns/{id}\"", page, StringComparison.Ordinal);
        foreach (var source in ImageSource().Matches(page).Select(m => m.Groups["src"].Value).Where(src => src.StartsWith('/')).Append($"/concerns/{id}"))
        {
            await GetAsync(governor, source, ("Sec-Fetch-Dest", "image"), ("Sec-Fetch-Mode", "no-cors"));
        }

        Assert.Equal(0, await ViewsAsync());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(governor, $"/concerns/{id}", ("Sec-Fetch-Dest", "document"))).StatusCode);
        Assert.Equal(1, await ViewsAsync());
    }

    [Fact]
    public async Task The_form_offers_the_policys_headings_and_the_report_links_to_the_one_chosen()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var form = await teacher.GetStringAsync("/concerns/new");
        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Jo Patel"));

        foreach (var heading in SeedPolicy.SectionHeadings)
        {
            Assert.Contains($">{System.Net.WebUtility.HtmlEncode(heading)}</option>", form, StringComparison.Ordinal);
        }

        Assert.Contains("<option value=\"employee-responsibility\">Employee Responsibility</option>", form, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{SeedPolicy.Url}#employee-responsibility\">Employee Responsibility</a>", await teacher.GetStringAsync($"/concerns/{id}"), StringComparison.Ordinal);
        var stored = await app.WithDatabaseAsync(db => db.Concerns.SingleAsync());
        Assert.Equal("employee-responsibility", stored.PolicySection);
        Assert.Equal(await app.WithDatabaseAsync(db => db.Policies.Where(p => p.Slug == SeedPolicy.Slug).Select(p => p.Id).SingleAsync()), stored.PolicyId);
    }

    [Fact]
    public async Task Everyone_has_concerns_in_the_main_navigation()
    {

        foreach (var account in DemoAccounts.All)
        {
            var home = await (await app.SignedInAsync(account)).GetStringAsync("/");
            Assert.Contains("<li><a href=\"/concerns\">Concerns</a></li>", home, StringComparison.Ordinal);
        }
    }

    private Task<int> ViewsAsync() => app.WithDatabaseAsync(db => db.ConcernEvents.CountAsync(e => e.Kind == ConcernEventKind.Viewed));

    // A request as a browser makes it, saying what it is for.
    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    [GeneratedRegex("href=\"/concerns/(?<id>[^\"/?#]+)\"")]
    private static partial Regex ConcernHref();

    [GeneratedRegex("<img[^>]*\\ssrc=\"(?<src>[^\"]+)\"")]
    private static partial Regex ImageSource();
}
