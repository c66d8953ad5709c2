using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.UnitTests.Domain;

public sealed class PersonDetailsTests
{
    [Fact]
    public void Names_are_tidied_and_roles_kept_in_a_fixed_order()
    {
        var details = PersonDetails.Create("  Jo   Patel ", " ", [Roles.Principal, Roles.Staff]);

        Assert.Equal("Jo Patel", details.FullName);
        Assert.Null(details.JobTitle);
        Assert.Equal([Roles.Staff, Roles.Principal], details.Roles);
    }

    [Theory]
    [InlineData("Jo Patel", "Jo Patel")]
    [InlineData(" Jo Patel", "Jo Patel")]
    [InlineData("Jo Patel\t", "Jo Patel")]
    [InlineData("Jo  Patel", "Jo Patel")]
    [InlineData("Jo\tPatel", "Jo Patel")]
    [InlineData("Jo\u00A0Patel", "Jo Patel")]
    [InlineData("Jo \r\n Patel", "Jo Patel")]
    [InlineData("   ", "")]
    [InlineData(null, "")]
    public void Text_is_trimmed_with_every_run_of_white_space_inside_made_one_space(string? text, string tidy)
    {
        Assert.Equal(tidy, PersonDetails.Tidy(text));
    }

    [Fact]
    public void Every_problem_is_reported_against_its_field()
    {
        var error = Assert.Throws<InvalidDetailsException>(() => PersonDetails.Create("", new string('t', 201), ["Caretaker"]));

        Assert.Equal(["FullName", "JobTitle", "Roles"], error.Problems.Select(p => p.Field));
    }

    [Theory]
    [InlineData("Siobhán O’Brien", null)]
    [InlineData("Zoë Ní Bhriain-Smith", null)]
    [InlineData("李小龍", null)]
    [InlineData("Sam 😀 Taylor", null)]
    [InlineData("😀😀", "A full name needs letters: enter the person's name as the school knows them.")]
    [InlineData("👩‍🏫", "A full name needs letters: enter the person's name as the school knows them.")]
    [InlineData("12345", "A full name needs letters: enter the person's name as the school knows them.")]
    [InlineData("‘’ – …", "A full name needs letters: enter the person's name as the school knows them.")]
    public void A_name_of_any_alphabet_will_do_but_one_without_a_letter_will_not(string name, string? problem)
    {
        Assert.Equal(problem, PersonDetails.NameProblem(name));
    }

    [Fact]
    public void At_least_one_role_is_needed()
    {
        var error = Assert.Throws<InvalidDetailsException>(() => PersonDetails.Create("Jo Patel", null, []));

        Assert.Equal("Choose at least one role: Staff, Governor or Principal.", error.Problems.Single().Message);
    }

    [Theory]
    [InlineData("jo@school.org", true)]
    [InlineData("siobhan.o'neill@school.org", true)]
    [InlineData("jo+policies@school.org", true)]
    [InlineData("jo", false)]
    [InlineData("jo@school", false)]
    [InlineData("Jo Patel <jo@school.org>", false)]
    [InlineData("jo@@school.org", false)]
    [InlineData("jo patel@school.org", false)]
    [InlineData("josé@school.org", false)]
    public void Email_addresses_must_be_plain_and_usable_as_a_sign_in_name(string email, bool usable)
    {
        Assert.Equal(usable, PersonDetails.EmailProblem(email) is null);
    }

    [Theory]
    [InlineData("Teacher", Roles.Staff)]
    [InlineData("support staff", Roles.Staff)]
    [InlineData("Teaching Assistant", Roles.Staff)]
    [InlineData("GOVERNOR", Roles.Governor)]
    [InlineData("Headteacher", Roles.Principal)]
    [InlineData("Head teacher", Roles.Principal)]
    [InlineData("Principal", Roles.Principal)]
    [InlineData("Caretaker", null)]
    public void A_schools_words_for_roles_map_to_the_portals_roles(string text, string? role)
    {
        Assert.Equal(role, PersonDetails.RoleFromText(text));
    }
}
