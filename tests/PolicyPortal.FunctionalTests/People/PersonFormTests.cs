using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.People;

/// <summary>What the Principal types for a person: kept as typed when it is a name, refused beside its field when not.</summary>
public sealed class PersonFormTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("😀😀", "A full name needs letters: enter the person's name as the school knows them.")]
    [InlineData("🙂 🙃", "A full name needs letters: enter the person's name as the school knows them.")]
    [InlineData("1234", "A full name needs letters: enter the person's name as the school knows them.")]
    [InlineData("A name far too long", "A full name has at most 200 characters.")]
    public async Task A_name_that_cannot_be_a_persons_is_refused_beside_its_field_with_the_form_kept(string name, string message)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var typed = name == "A name far too long" ? new string('a', 201) : name;

        var response = await PeopleSteps.AddAsync(principal, typed, "new.person@example.org", "Teacher of Science", Roles.Staff);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{typed}\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"new.person@example.org\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Teacher of Science\"", page, StringComparison.Ordinal);
        Assert.False(await app.WithDatabaseAsync(db => db.Users.AnyAsync(u => u.Email == "new.person@example.org")));
    }

    [Fact]
    public async Task Accents_and_the_curly_quotes_and_dashes_Word_pastes_are_kept_exactly_as_typed()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await PeopleSteps.AddAsync(principal, "Siobhán O’Brien", "siobhan@example.org", "“Head of Year” – Key Stage 3", Roles.Staff);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var person = await app.WithDatabaseAsync(db => db.Users.SingleAsync(u => u.Email == "siobhan@example.org"));
        Assert.Equal("Siobhán O’Brien", person.FullName);
        Assert.Equal("“Head of Year” – Key Stage 3", person.JobTitle);
        var page = WebUtility.HtmlDecode(await principal.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("“Head of Year” – Key Stage 3", page, StringComparison.Ordinal);
    }
}
