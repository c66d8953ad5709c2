using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Concerns;

/// <summary>A report that is missing something or wrong is sent back with the field named, and nothing is saved or sent.</summary>
public sealed class ConcernInputTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("WhatWasSeen", "", "Say what you saw.")]
    [InlineData("WhatWasSeen", null, "Say what you saw.")]
    [InlineData("SeenOn", "", "Enter the date you saw it.")]
    [InlineData("SeenOn", "last Tuesday", "Enter the date you saw it.")]
    [InlineData("SeenOn", "2026-11-25", "The date you saw it cannot be in the future.")]
    [InlineData("Concerning", "   ", "Say who it concerns.")]
    [InlineData("Address", "javascript:alert(document.cookie)", "Enter the web address where you saw it, starting with https:// or http://, or leave it empty.")]
    [InlineData("Address", "data:text/html,hello", "Enter the web address where you saw it, starting with https:// or http://, or leave it empty.")]
    [InlineData("PolicySection", "not-a-heading", "Choose a part of the policy from the list, or leave it as not sure.")]
    public async Task A_report_missing_or_wrong_is_refused_with_the_field_named(string field, string? value, string message)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var form = ConcernForms.About("Jo Patel");
        if (value is null)
        {
            form.Remove(field);
        }
        else
        {
            form[field] = value;
        }

        var response = await teacher.PostFormAsync("/concerns/new", "/concerns/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<a href=\"#{field}\">{WebUtility.HtmlEncode(message)}</a>", page, StringComparison.Ordinal);
        if (field != "WhatWasSeen")
        {
            Assert.Contains(ConcernForms.WhatWasSeen, page, StringComparison.Ordinal); // what was typed is kept
        }

        await AssertNothingSavedOrSentAsync(app);
    }

    [Theory]
    [InlineData("WhatWasSeen", 4001, "Keep what you saw to 4,000 characters.")]
    [InlineData("Concerning", 301, "Keep who it concerns to 300 characters.")]
    [InlineData("Address", 2001, "This address is too long: keep it to 2,000 characters.")]
    public async Task Over_long_text_is_refused(string field, int length, string message)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var form = ConcernForms.About("Jo Patel");
        form[field] = field == "Address" ? "https://x.com/" + new string('a', length) : new string('a', length);

        var response = await teacher.PostFormAsync("/concerns/new", "/concerns/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingSavedOrSentAsync(app);
    }

    [Fact]
    public async Task A_report_without_its_antiforgery_token_is_refused()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await teacher.PostAsync("/concerns/new", new FormUrlEncodedContent(ConcernForms.About("Jo Patel")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingSavedOrSentAsync(app);
    }

    [Fact]
    public async Task A_handlers_step_without_its_antiforgery_token_is_refused()
    {
        var id = await ConcernForms.ReportAsync(await app.SignedInAsync(DemoAccounts.Teacher), ConcernForms.About("Jo Patel"));
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var stamp = await ConcernForms.StampAsync(principal, id);

        var response = await principal.PostAsync($"/concerns/{id}/close", new FormUrlEncodedContent(new Dictionary<string, string> { ["ConcurrencyStamp"] = stamp, ["outcome"] = "Closed." }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Web.Domain.ConcernStatus.Received, await app.WithDatabaseAsync(db => db.Concerns.Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_list_filter_that_is_not_a_state_shows_the_list()
    {
        // Every form's junk is sent by Security/BadInputTests; the list's filter is a query, not a form.
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        Assert.Equal(HttpStatusCode.OK, (await principal.GetAsync("/concerns?status=NotAState")).StatusCode);
    }

    private static async Task AssertNothingSavedOrSentAsync(PortalApplication app)
    {
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Concerns.CountAsync()));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.ConcernEvents.CountAsync()));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.OutboxMessages.CountAsync()));
    }
}
