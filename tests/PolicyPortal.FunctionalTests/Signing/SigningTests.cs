using System.Data.Common;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.FunctionalTests.Data;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using Serilog.Events;

namespace PolicyPortal.FunctionalTests.Signing;

public sealed class SigningTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Signing_records_the_hash_of_the_text_shown_and_leads_to_a_receipt()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await SigningForm.SignAsync(teacher, "Sam Taylor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var receiptUrl = response.Headers.Location!.OriginalString;
        Assert.Matches("^/acknowledgements/[0-9]+$", receiptUrl);

        var expectedHash = PolicyRevision.HashOf(SeedPolicy.Document.Body);
        var acknowledgement = await app.WithDatabaseAsync(db => db.Acknowledgements.Include(a => a.Revision).SingleAsync());
        Assert.Equal(expectedHash, acknowledgement.TextSha256);
        Assert.Equal("1.0", acknowledgement.Revision.Version);
        Assert.Equal("Sam Taylor", acknowledgement.SignatureName);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, acknowledgement.SignedAtUtc);

        var receipt = await teacher.GetStringAsync(receiptUrl);
        Assert.Contains("Thank you. Your signature is recorded.", receipt, StringComparison.Ordinal);
        Assert.Contains(expectedHash, receipt, StringComparison.Ordinal);
        Assert.Contains("Personal Use of Social Media Sites", receipt, StringComparison.Ordinal);
        Assert.Contains("24 November 2026 at 09:30", receipt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_thank_you_shows_once()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var signed = await SigningForm.SignAsync(teacher, "Sam Taylor");
        var receiptUrl = signed.Headers.Location!.OriginalString;
        var first = await teacher.GetAsync(receiptUrl);
        var again = await teacher.GetAsync(receiptUrl);

        Assert.Contains("Thank you. Your signature is recorded.", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Thank you.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_signing_the_policy_page_says_signed_and_offers_no_form()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        await SigningForm.SignAsync(teacher, "Sam Taylor");

        var page = await teacher.GetStringAsync(SeedPolicy.Url);

        Assert.Contains("You signed version 1.0 on 24 November 2026 at 09:30", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/acknowledge\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("policies to sign", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_twice_records_nothing_new_and_shows_the_first_receipt()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");

        var first = await SigningForm.PostAsync(teacher, fields);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await SigningForm.PostAsync(teacher, fields);

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
        var receipt = await teacher.GetStringAsync(second.Headers.Location!.OriginalString);
        Assert.Contains("You had already signed this version, so nothing new was recorded.", receipt, StringComparison.Ordinal);
        Assert.Contains("24 November 2026 at 09:30", receipt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_submissions_at_once_record_one_signature_and_all_lead_to_the_same_receipt()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SigningForm.PostAsync(teacher, fields)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task A_signature_that_lands_between_the_check_and_the_save_wins_and_no_second_row_is_written()
    {
        var competitor = new CompetingSignature();
        var log = new CapturedLog();
        using var app = new PortalApplication
        {
            Settings = new Dictionary<string, string> { ["Serilog:MinimumLevel:Override:PolicyPortal.Web.Services.PolicySigning"] = "Information" },
            ConfigureTestServices = services =>
            {
                services.ConfigureDbContext<SqlitePortalDbContext>(o => o.AddInterceptors(competitor));
                log.AddTo(services);
            },
        };
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await SigningForm.SignAsync(teacher, "Sam Taylor");

        Assert.True(competitor.Fired);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await app.WithDatabaseAsync(db => db.Acknowledgements.SingleAsync());
        Assert.Equal($"/acknowledgements/{stored.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("sam taylor (other tab)", stored.SignatureName);

        // A race the portal handles: a line that says so, beside EF Core's warning for the failed command; no error, no stack trace.
        var race = Assert.Single(log.Events, e => CapturedLog.Text(e).Contains("twice at once; the first signature stands", StringComparison.Ordinal));
        Assert.Equal(LogEventLevel.Information, race.Level);
        Assert.DoesNotContain(log.Events, e => e.Level >= LogEventLevel.Error || e.Exception is not null);
    }

    /// <summary>
    /// Just before the first signature's save begins its transaction, writes the same person's signature through another
    /// connection, as a second tab would.
    /// </summary>
    private sealed class CompetingSignature : DbTransactionInterceptor
    {
        public bool Fired { get; private set; }

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            var pending = eventData.Context!.ChangeTracker.Entries<Acknowledgement>().SingleOrDefault(e => e.State == EntityState.Added)?.Entity;
            if (pending is not null && !Fired)
            {
                Fired = true;
                await using var other = new SqliteConnection(eventData.Context.Database.GetConnectionString());
                await other.OpenAsync(cancellationToken);
                await using var insert = other.CreateCommand();
                insert.CommandText = "INSERT INTO Acknowledgements (UserId, RevisionId, SignedAtUtc, TextSha256, SignatureName) VALUES ($user, $revision, $at, $hash, 'sam taylor (other tab)')";
                insert.Parameters.AddWithValue("$user", pending.UserId);
                insert.Parameters.AddWithValue("$revision", pending.RevisionId);
                insert.Parameters.AddWithValue("$at", pending.SignedAtUtc);
                insert.Parameters.AddWithValue("$hash", pending.TextSha256);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            return result;
        }
    }

    [Theory]
    [InlineData("  sam   TAYLOR ")]
    [InlineData("SamTaylor")]
    public async Task A_signature_is_my_name_whatever_its_case_and_spacing(string typed)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await SigningForm.SignAsync(teacher, typed);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task A_name_with_accents_and_a_curly_apostrophe_is_signed_as_typed_on_an_ordinary_keyboard()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        await app.WithDatabaseAsync(db => db.Users
            .Where(u => u.Email == DemoAccounts.Teacher.Email)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.FullName, "Siobh\u00E1n O\u2019Brien")));

        var response = await SigningForm.SignAsync(teacher, "Siobhan O'Brien");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var acknowledgement = await app.WithDatabaseAsync(db => db.Acknowledgements.SingleAsync());
        Assert.Equal("Siobhan O'Brien", acknowledgement.SignatureName);
    }

    [Theory]
    [InlineData("Jo Patel")]
    [InlineData("Sam Tailor")]
    [InlineData("")]
    public async Task A_signature_that_is_not_my_name_is_refused_with_a_message(string typed)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await SigningForm.SignAsync(teacher, typed);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", page, StringComparison.Ordinal);
        Assert.Contains(typed.Length == 0 ? "Type your full name as your signature." : "Your signature must be your full name as it is on your account: Sam Taylor.", page, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task An_unticked_box_is_refused_with_a_message()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await SigningForm.SignAsync(teacher, "Sam Taylor", confirmed: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Tick the box to confirm that you have read and understood this policy.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Sam Taylor\"", page, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task A_form_for_text_that_changed_after_it_was_shown_records_nothing_and_shows_the_new_text()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");

        // While the teacher reads, the governing body's new text comes into force.
        await app.WithDatabaseAsync(async db =>
        {
            var policy = await db.Policies.Include(p => p.Revisions).SingleAsync(p => p.Slug == SeedPolicy.Slug);
            policy.AddAdoptedRevision("1.1", SeedPolicy.Document.Body + "\n\nA new closing paragraph.", SeedPolicy.Document.Adoption, app.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });
        var response = await SigningForm.PostAsync(teacher, fields);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("This policy changed after you opened it, so nothing was recorded.", body, StringComparison.Ordinal);
        Assert.Contains("A new closing paragraph.", body, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task A_form_whose_text_fingerprint_was_altered_records_nothing()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await SigningForm.SignAsync(teacher, "Sam Taylor", tamper: f => f["TextSha256"] = new string('0', 64));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_refused_with_an_explanation()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await SigningForm.SignAsync(teacher, "Sam Taylor", tamper: f => f.Remove("__RequestVerificationToken"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("it may have expired: go back, reload the page and try again", page, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Theory]
    [InlineData("RevisionId", "not-a-number")]
    [InlineData("TextSha256", "x")]
    public async Task A_damaged_form_is_refused_without_an_error_page(string field, string value)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await SigningForm.SignAsync(teacher, "Sam Taylor", tamper: f => f[field] = value);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task A_damaged_form_from_someone_who_has_signed_already_is_refused_with_a_message()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var form = await SigningForm.FilledInAsync(teacher, "Sam Taylor");
        await SigningForm.PostAsync(teacher, form);

        form["RevisionId"] = "not-a-number";
        var response = await SigningForm.PostAsync(teacher, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The form was not sent as the page gave it, so nothing was recorded.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task A_governor_signs_the_policy_too()
    {
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var response = await SigningForm.SignAsync(governor, "Robin Hughes");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task Someone_a_policy_does_not_apply_to_is_told_so_and_cannot_sign_it()
    {
        await app.WithDatabaseAsync(async db =>
        {
            var staffOnly = new Policy("staff-code-of-conduct", "Staff Code of Conduct", PolicyAudience.Staff, ["all staff"], []);
            staffOnly.AddAdoptedRevision("1.0", "## Conduct\n\nBe kind.", SeedPolicy.Document.Adoption, app.Clock.GetUtcNow().UtcDateTime);
            db.Policies.Add(staffOnly);
            await db.SaveChangesAsync();
        });
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var page = await governor.GetStringAsync("/policies/staff-code-of-conduct");
        var response = await governor.PostAsync("/policies/staff-code-of-conduct/acknowledge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["RevisionId"] = PortalClient.HiddenValue(await (await app.SignedInAsync(DemoAccounts.Teacher)).GetStringAsync("/policies/staff-code-of-conduct"), "RevisionId"),
            ["Confirmed"] = "true",
            ["SignatureName"] = "Robin Hughes",
            ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(page),
        }));

        Assert.Contains("You are not asked to sign this policy.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }
}
