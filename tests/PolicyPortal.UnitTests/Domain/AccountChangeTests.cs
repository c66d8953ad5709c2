using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.UnitTests.Domain;

public sealed class AccountChangeTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);
    private static readonly Person Principal = new("principal", "Alex Morgan");
    private static readonly AccountChangeDecider Governor = new(new Person("governor", "Robin Hughes"), IsActiveGovernor: true);
    private static readonly AccountState Robin = new("Robin Hughes", "governor@example.org", "Governor", [Roles.Governor], []);
    private static readonly AccountState Sam = new("Sam Taylor", "teacher@example.org", "Teacher of Geography", [Roles.Staff], ["Humanities"]);

    [Theory]
    [InlineData("name", true)]
    [InlineData("email", true)]
    [InlineData("email in capitals", false)]
    [InlineData("roles", true)]
    [InlineData("job title", false)]
    [InlineData("groups", false)]
    public void A_governor_s_name_address_and_roles_wait_for_a_governor_and_their_job_title_and_groups_do_not(string field, bool waits)
    {
        var after = field switch
        {
            "name" => Robin with { FullName = "Robin Smith" },
            "email" => Robin with { Email = "robin@elsewhere.example" },
            "email in capitals" => Robin with { Email = "Governor@Example.org" },
            "roles" => Robin with { Roles = [Roles.Staff] },
            "job title" => Robin with { JobTitle = "Chair of governors" },
            _ => Robin with { Groups = ["Finance committee"] },
        };

        Assert.Equal(waits, AccountChange.IsGuardedEdit(Robin, after));
    }

    [Fact]
    public void Giving_a_member_of_staff_either_role_waits_and_changing_only_their_details_does_not()
    {
        Assert.True(AccountChange.IsGuardedEdit(Sam, Sam with { Roles = [Roles.Staff, Roles.Governor] }));
        Assert.True(AccountChange.IsGuardedEdit(Sam, Sam with { Roles = [Roles.Principal] }));
        Assert.False(AccountChange.IsGuardedEdit(Sam, Sam with { FullName = "Samuel Taylor", Email = "s.taylor@example.org" }));
        Assert.Throws<DomainRuleException>(() => AccountChange.Edit("sam", Sam, Sam with { FullName = "Samuel Taylor" }, Principal, byImport: false, Now));
        Assert.Throws<DomainRuleException>(() => AccountChange.Add(Sam, Principal, byImport: false, Now));
        Assert.Throws<DomainRuleException>(() => AccountChange.MarkAsLeft("sam", Sam, Principal, byImport: false, Now));
    }

    [Fact]
    public void An_edit_lists_what_it_changes_as_it_was_and_as_it_would_be()
    {
        var change = AccountChange.Edit("robin", Robin, Robin with { FullName = "Robin Smith", Roles = [Roles.Staff, Roles.Governor], Groups = ["Finance committee"] }, Principal, byImport: false, Now);

        Assert.Equal(
            [new("Name", "Robin Hughes", "Robin Smith"), new("Email address", Robin.Email, Robin.Email), new("Roles", "Governor", "Staff, Governor"), new("Groups", "None", "Finance committee")],
            change.Lines());
        Assert.Equal("Change Robin Hughes's account: Name: Robin Hughes → Robin Smith; Roles: Governor → Staff, Governor; Groups: None → Finance committee", change.Summary());
        Assert.Equal(AccountChangeStatus.Waiting, change.Status);
    }

    [Fact]
    public void A_change_is_decided_once_only()
    {
        var change = AccountChange.MarkAsLeft("sam", Sam with { Roles = [Roles.Staff, Roles.Governor] }, Principal, byImport: false, Now);

        change.Confirm(Governor, Now);

        Assert.Equal((AccountChangeStatus.Confirmed, "Robin Hughes"), (change.Status, change.DecidedByName));
        var again = Assert.Throws<DomainRuleException>(() => change.Confirm(Governor, Now));
        Assert.Equal("This change was confirmed by Robin Hughes already: nothing more can be done with it.", again.Message);
        Assert.Throws<DomainRuleException>(() => change.Decline(Governor, Now));
        Assert.Throws<DomainRuleException>(() => change.Withdraw(Principal, isPrincipal: true, Now));
    }

    [Fact]
    public void Only_an_active_governor_who_neither_asked_nor_is_its_subject_decides_it()
    {
        var aboutRobin = AccountChange.Edit("governor", Robin, Robin with { FullName = "Robin Smith" }, Principal, byImport: false, Now);
        var askedByAGovernor = AccountChange.Add(Robin with { FullName = "Kim Lowe", Email = "kim@example.org" }, Governor.Person, byImport: false, Now);

        Assert.Throws<DomainRuleException>(() => aboutRobin.Confirm(Governor, Now));
        Assert.Throws<DomainRuleException>(() => aboutRobin.Decline(Governor, Now));
        Assert.Throws<DomainRuleException>(() => askedByAGovernor.Confirm(Governor, Now));
        Assert.Throws<DomainRuleException>(() => askedByAGovernor.Confirm(new AccountChangeDecider(new Person("left", "Pat Evans"), IsActiveGovernor: false), Now));
        Assert.Throws<DomainRuleException>(() => askedByAGovernor.Withdraw(new Person("teacher", "Sam Taylor"), isPrincipal: false, Now));

        askedByAGovernor.Withdraw(Principal, isPrincipal: true, Now);
        Assert.Equal(AccountChangeStatus.Withdrawn, askedByAGovernor.Status);
        Assert.Equal(AccountChangeStatus.Waiting, aboutRobin.Status);
    }
}
