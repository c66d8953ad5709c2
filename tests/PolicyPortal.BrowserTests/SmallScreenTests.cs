using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.BrowserTests;

/// <summary>Every page of the portal, for every role that may open it, on a phone 360 pixels wide.</summary>
public sealed class SmallScreenTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    private const string Anonymous = "anonymous";

    /// <summary>Routes answered with something other than a page: downloads, images, health checks, the error pages' own addresses.</summary>
    private static readonly string[] NotPages =
    [
        "/account/data", "/attachments/{sha256:length(64)}", "/compliance/{slug}/evidence.pdf", "/compliance/{slug}/sign-off.csv", "/health/live", "/health/ready", "/error", "/error/{code:int}",
        "/people/{id}/data", "/policies/import/{batch:guid}/images/{sha256:length(64)}",

        // The second step of signing in, a page only between the password and the code: TwoStepJourneyTests opens it on a phone.
        "/account/two-step",

        // Only where single sign-on is set up, and the first two only redirects: GoogleSignInJourneyTests opens the last on a phone.
        "/account/school-account", "/account/school-account/signed-in", "/account/school-account/failed",
    ];

    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_page_for_every_role_fits_a_360_pixel_screen_without_scrolling_sideways()
    {
        var records = await RecordsOnEveryPageAsync();
        var slug = SeedPolicy.Url;
        var staff = DemoAccounts.Teacher.Email;
        var governor = DemoAccounts.Governor.Email;
        var principal = DemoAccounts.Principal.Email;
        string[] everyone = [staff, governor, principal];
        string[] insiders = [governor, principal];
        var pages = new (string Pattern, string Url, string[] Roles)[]
        {
            ("/", "/", everyone),
            ("/account", "/account", everyone),
            ("/account/change-password", "/account/change-password", everyone),
            ("/account/confirm-email", "/account/confirm-email?user=none&email=new%40example.org&token=none", [Anonymous]),
            ("/account/forgot-password", "/account/forgot-password", [Anonymous]),
            ("/account/reset-password", "/account/reset-password?user=nobody&token=none", [Anonymous]),
            ("/account/set-password", "/account/set-password?user=nobody&token=none", [Anonymous]),
            ("/account/sign-in", "/account/sign-in", [Anonymous]),
            ("/account/two-step/set-up", "/account/two-step/set-up", everyone),
            ("/acknowledgements/{id:int}", $"/acknowledgements/{records.Receipt}", [staff, principal]),
            ("/compliance", "/compliance", insiders),
            ("/compliance/{slug}", "/compliance/" + SeedPolicy.Slug, insiders),
            ("/compliance/{slug}/evidence", $"/compliance/{SeedPolicy.Slug}/evidence", insiders),
            ("/concerns", "/concerns", everyone),
            ("/concerns/new", "/concerns/new", everyone),
            ("/concerns/{id:length(32)}", $"/concerns/{records.Concern}", [staff, principal]),
            ("/governors/changes", "/governors/changes", [governor]),
            ("/people", "/people", [principal]),
            ("/people/audit", "/people/audit", [principal]),
            ("/people/groups", "/people/groups", [principal]),
            ("/people/import", "/people/import", [principal]),
            ("/people/invitations", "/people/invitations", [principal]),
            ("/record", "/record", insiders),
            ("/people/new", "/people/new", [principal]),
            ("/people/{id}", $"/people/{records.Teacher}", [principal]),
            ("/people/{id}/edit", $"/people/{records.Teacher}/edit", [principal]),
            ("/people/{id}/leave", $"/people/{records.Teacher}/leave", [principal]),
            ("/policies", "/policies", everyone),
            ("/policies/confirmations", "/policies/confirmations", [governor]),
            ("/policies/import", "/policies/import", [principal]),
            ("/policies/import/adoptions", "/policies/import/adoptions", [principal]),
            ("/policies/import/{batch:guid}", records.ImportPreview, [principal]),
            ("/policies/new", "/policies/new", [principal]),
            ("/policies/{slug}", slug, everyone),
            ("/policies/{slug}/compare", slug + "/compare?from=1.0&to=1.1", everyone),
            ("/policies/{slug}/details", slug + "/details", [principal]),
            ("/policies/{slug}/draft", slug + "/draft", [principal]),
            ("/policies/{slug}/draft/discard", slug + "/draft/discard", [principal]),
            ("/policies/{slug}/prior-adoption", $"/policies/{records.ImportedDraft}/prior-adoption", [principal]),
            ("/policies/{slug}/retire", slug + "/retire", [principal]),
            ("/policies/{slug}/review", slug + "/review", insiders),
            ("/policies/{slug}/revisions", slug + "/revisions", everyone),
            ("/policies/{slug}/revisions/{version}", slug + "/revisions/1.0", everyone),
            ("/presences", "/presences", everyone),
            ("/presences/new", "/presences/new", [staff, principal]),
            ("/presences/register", "/presences/register", everyone),
            ("/presences/review", "/presences/review", insiders),
            ("/presences/{id:int}", $"/presences/{records.Presence}", [staff, principal]),
            ("/presences/{id:int}/edit", $"/presences/{records.Presence}/edit", [staff]),
            ("/reviews", "/reviews", insiders),
        };

        // No page of the app is left out: a new one must be added above.
        var getPages = portal.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Except(NotPages)
            .Order(StringComparer.Ordinal);
        Assert.Equal(getPages, pages.Select(p => p.Pattern).Order(StringComparer.Ordinal));

        var failures = new List<string>();
        var checkedForAccessibility = new HashSet<string>();
        foreach (var role in new[] { Anonymous, staff, governor, principal })
        {
            var page = role == Anonymous ? await portal.NewPageAsync() : await portal.SignedInPageAsync(DemoAccounts.All.Single(a => a.Email == role));
            await page.SetViewportSizeAsync(360, 740);
            foreach (var (pattern, url, _) in pages.Where(p => p.Roles.Contains(role)))
            {
                var response = await page.GotoAsync(url);
                var (scrollWidth, clientWidth) = await page.WidthsAsync();

                // A tick box or a choice squeezed by a long label that wraps beside it.
                var squeezed = await page.EvaluateAsync<string[]>(
                    "() => [...document.querySelectorAll('input[type=checkbox], input[type=radio]')].filter(i => i.offsetParent !== null).filter(i => { const r = i.getBoundingClientRect(); return r.width < 20 || Math.abs(r.width - r.height) > 1; }).map(i => i.id)");
                if (response!.Status != (int)HttpStatusCode.OK && !url.Contains("token=none", StringComparison.Ordinal))
                {
                    failures.Add($"{url} as {role}: {response.Status}");
                }
                else if (scrollWidth > clientWidth)
                {
                    failures.Add($"{url} as {role}: {scrollWidth} pixels wide on a screen of {clientWidth}");
                }
                else if (squeezed.Length > 0)
                {
                    failures.Add($"{url} as {role}: tick boxes or choices out of shape: {string.Join(", ", squeezed)}");
                }

                // Each page once against WCAG 2.2 AA at this size too (target sizes, reflow).
                if (checkedForAccessibility.Add(pattern))
                {
                    await page.AssertNoViolationsAsync();
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task On_a_phone_the_menu_folds_behind_a_button_that_works_with_the_keyboard_and_a_teacher_signs_without_a_mouse()
    {
        var page = await portal.SignedInPageAsync(DemoAccounts.Teacher);
        await page.SetViewportSizeAsync(360, 740);
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        var allPolicies = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "All policies" });
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(allPolicies).ToBeHiddenAsync();

        // Skip link, name, Menu: Enter opens it, and the links follow it in order.
        await Keyboard.TabToAsync(page, menu);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(menu).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Keyboard.TabToAsync(page, allPolicies);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "All policies", Level = 1 })).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();
        await page.ScreenshotForGuideAsync("phone-all-policies");

        // Wide again: no button, the menu in the header.
        await page.SetViewportSizeAsync(1280, 800);
        await Assertions.Expect(menu).ToBeHiddenAsync();
        await Assertions.Expect(allPolicies).ToBeVisibleAsync();

        // Signing with the keyboard alone, from My policies to the receipt.
        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync("/");
        await Keyboard.TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Read and sign Personal Use of Social Media Sites" }));
        await page.Keyboard.PressAsync("Enter");
        await Keyboard.TabToAsync(page, page.GetByLabel("I have read and understood this policy"));
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Your full name, as your signature")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Sam Taylor");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" })).ToBeFocusedAsync();
        await page.ScreenshotForGuideAsync("phone-sign-form");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you. Your signature is recorded.");
        await page.AssertNoViolationsAsync();
    }

    private sealed record Records(int Receipt, string Concern, int Presence, string Teacher, string ImportPreview, string ImportedDraft);

    /// <summary>
    /// A signature, a concern and a presence request of the teacher's, a governor to add waiting for another's confirmation,
    /// version 1.1 adopted and 1.2 with the governors,
    /// two policies imported from Word (one's adoption recorded for a governor to confirm, one still a draft) and a
    /// Word document with a table and a picture uploaded for its preview, so that every page has something to show.
    /// </summary>
    private async Task<Records> RecordsOnEveryPageAsync()
    {
        var teacher = await portal.App.SignedInAsync(DemoAccounts.Teacher);
        var policyPage = await teacher.GetStringAsync(SeedPolicy.Url);
        var signed = await teacher.PostAsync(SeedPolicy.SignUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["RevisionId"] = PortalClient.HiddenValue(policyPage, "RevisionId"),
            ["TextSha256"] = PortalClient.HiddenValue(policyPage, "TextSha256"),
            ["Confirmed"] = "true",
            ["SignatureName"] = "Sam Taylor",
            ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(policyPage),
        }));
        var concern = await TeacherForms.ReportConcernAsync(teacher);
        var presence = await TeacherForms.RequestPresenceAsync(teacher);

        var principal = await portal.App.SignedInAsync(DemoAccounts.Principal);
        await ImportSteps.UploadAndImportAsync(
            principal,
            null,
            ("anti-bullying.docx", WordDocuments.Simple("Anti-Bullying Policy", ("Scope", "Every pupil and member of staff."))),
            ("lettings.docx", WordDocuments.Simple("Lettings Policy", ("Scope", "Hirers of the school's rooms."))));
        await ImportSteps.RecordAdoptionAsync(principal, "anti-bullying-policy");
        var upload = await ImportSteps.UploadAsync(principal, (WordDocuments.TableAndImage, WordDocuments.Saved(WordDocuments.TableAndImage)));

        // A governor to add, waiting for a governor's confirmation: on the people list and the governors' list.
        await principal.PostFormAsync("/people/new", "/people/new", new() { ["FullName"] = "Kim Lowe", ["Email"] = "kim.lowe@example.org", ["JobTitle"] = "Parent governor, elected at the autumn meeting", ["Roles"] = "Governor" });

        var teacherId = await portal.App.WithDatabaseAsync(async db =>
        {
            var people = await db.Users.Where(u => u.Email == DemoAccounts.Principal.Email || u.Email == DemoAccounts.Governor.Email || u.Email == DemoAccounts.Teacher.Email).ToDictionaryAsync(u => u.Email!, u => new Person(u.Id, u.FullName));
            var policy = await db.Policies.Include(p => p.Revisions).SingleAsync(p => p.Slug == SeedPolicy.Slug);
            var now = portal.App.Clock.GetUtcNow().UtcDateTime;
            var minor = policy.StartDraft(now);
            minor.Edit(minor.Body + "\n\n- If you are unsure, ask the Principal.", "Says who to ask.", ChangeKind.Minor);
            minor.Submit(people[DemoAccounts.Principal.Email]);
            policy.Adopt(minor, new AdoptionDecision(new DateOnly(2026, 11, 20), "FGB 2026/14", "Robin Hughes", new DateOnly(2026, 11, 24)), people[DemoAccounts.Governor.Email], new DateOnly(2026, 11, 24), now);
            var next = policy.StartDraft(now);
            next.Edit(next.Body + "\n\nReviewed by the governors each year.", "Says how often it is reviewed.", ChangeKind.Minor);
            next.Submit(people[DemoAccounts.Principal.Email]);
            await db.SaveChangesAsync();
            return people[DemoAccounts.Teacher.Email].UserId;
        });

        return new Records(LastSegment(signed), concern.Headers.Location!.OriginalString.Split('/').Last(), LastSegment(presence), teacherId, upload.Headers.Location!.OriginalString, "lettings-policy");

        static int LastSegment(HttpResponseMessage response) =>
            int.Parse(response.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
