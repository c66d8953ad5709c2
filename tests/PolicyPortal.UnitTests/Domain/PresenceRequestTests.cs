using PolicyPortal.Web.Domain;

namespace PolicyPortal.UnitTests.Domain;

public sealed class PresenceRequestTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly Person Teacher = new("teacher", "Sam Taylor");
    private static readonly Person PrincipalPerson = new("principal", "Alex Morgan");
    private static readonly Decider Principal = new(PrincipalPerson, IsPrincipal: true, IsGovernor: false);
    private static readonly Decider Governor = new(new Person("governor", "Robin Hughes"), IsPrincipal: false, IsGovernor: true);

    private static readonly PresenceDetails Endorsed = new(
        PresencePlatform.XTwitter, null, "@KE7Geography", "https://x.com/KE7Geography", PresenceKind.AcademyEndorsed,
        "Sharing revision resources with Year 11.", PresenceAudience.Students | PresenceAudience.Parents,
        KeptSeparateFromPersonal: true, StudentsNotFollowedBack: true, BlogModeratedAsAcademySite: false, AccessSharedWithPrincipal: false);

    [Fact]
    public void A_request_goes_back_for_changes_and_is_approved_for_twelve_months()
    {
        var request = PresenceRequest.Submit(Teacher, false, Endorsed, Now);

        request.RequestChanges(Principal, "Say which year groups.", Now);
        Assert.Equal(PresenceStatus.ChangesRequested, request.Status);
        request.Edit(Teacher, Endorsed with { Purpose = "Revision resources for Years 10 and 11." }, Now);
        request.Resubmit(Teacher, Now);
        request.Approve(Principal, "Post only in school hours.", Today, PresenceRequest.DefaultApprovalMonths, Now);

        Assert.Equal(PresenceStatus.Approved, request.Status);
        Assert.Equal(new DateOnly(2027, 11, 24), request.ApprovedUntil);
        Assert.Equal("Post only in school hours.", request.DecisionNote);
        Assert.True(request.IsOnRegister(Today));
        Assert.Equal(
            [PresenceEventKind.Submitted, PresenceEventKind.ChangesRequested, PresenceEventKind.Edited, PresenceEventKind.Resubmitted, PresenceEventKind.Approved],
            request.Timeline.Select(e => e.Kind));
    }

    [Fact]
    public void A_decided_request_cannot_be_decided_again()
    {
        var request = PresenceRequest.Submit(Teacher, false, Endorsed, Now);
        request.Approve(Principal, null, Today, 12, Now);

        Assert.Throws<DomainRuleException>(() => request.Approve(Principal, null, Today, 12, Now));
        Assert.Throws<DomainRuleException>(() => request.Decline(Principal, "Changed my mind.", Now));
        Assert.Throws<DomainRuleException>(() => request.RequestChanges(Principal, "More detail.", Now));
    }

    [Fact]
    public void Staff_requests_are_decided_by_the_principal_and_the_principals_own_by_a_governor()
    {
        var staffRequest = PresenceRequest.Submit(Teacher, false, Endorsed, Now);
        var principalsRequest = PresenceRequest.Submit(PrincipalPerson, true, Endorsed, Now);

        Assert.Contains("decided by the Principal", Assert.Throws<DomainRuleException>(() => staffRequest.Approve(Governor, null, Today, 12, Now)).Message, StringComparison.Ordinal);
        Assert.Contains("Nobody decides their own", Assert.Throws<DomainRuleException>(() => principalsRequest.Approve(Principal, null, Today, 12, Now)).Message, StringComparison.Ordinal);
        Assert.Throws<DomainRuleException>(() => staffRequest.Approve(new Decider(Teacher, false, false), null, Today, 12, Now));

        principalsRequest.Approve(Governor, null, Today, 12, Now);
        Assert.Equal(PresenceStatus.Approved, principalsRequest.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Declining_and_revoking_need_a_reason(string reason)
    {
        var declined = PresenceRequest.Submit(Teacher, false, Endorsed, Now);
        var approved = PresenceRequest.Submit(Teacher, false, Endorsed, Now);
        approved.Approve(Principal, null, Today, 12, Now);

        Assert.Throws<DomainRuleException>(() => declined.Decline(Principal, reason, Now));
        Assert.Throws<DomainRuleException>(() => approved.Revoke(Principal, reason, Now));
        Assert.Equal(PresenceStatus.Submitted, declined.Status);
        Assert.Equal(PresenceStatus.Approved, approved.Status);
    }

    [Fact]
    public void Only_the_requester_withdraws_or_retires_and_only_at_the_right_time()
    {
        var request = PresenceRequest.Submit(Teacher, false, Endorsed, Now);

        Assert.Throws<DomainRuleException>(() => request.Withdraw(PrincipalPerson, Now));
        Assert.Throws<DomainRuleException>(() => request.Retire(Teacher, Now));
        request.Approve(Principal, null, Today, 12, Now);
        Assert.Throws<DomainRuleException>(() => request.Withdraw(Teacher, Now));
        request.Retire(Teacher, Now);

        Assert.Equal(PresenceStatus.Retired, request.Status);
        Assert.False(request.IsOnRegister(Today));
    }

    [Fact]
    public void The_policys_conditions_must_be_confirmed_and_each_missing_one_is_named()
    {
        var owned = Endorsed with { Platform = PresencePlatform.Blog, Kind = PresenceKind.AcademyOwned, KeptSeparateFromPersonal = false, StudentsNotFollowedBack = false };

        var error = Assert.Throws<InvalidDetailsException>(() => PresenceRequest.Submit(Teacher, false, owned, Now));

        Assert.Equal(
            [nameof(PresenceDetails.KeptSeparateFromPersonal), nameof(PresenceDetails.StudentsNotFollowedBack), nameof(PresenceDetails.BlogModeratedAsAcademySite), nameof(PresenceDetails.AccessSharedWithPrincipal)],
            error.Problems.Select(p => p.Field));
    }

    [Theory]
    [InlineData("Password: Geography2026!")]
    [InlineData("my password is hunter22")]
    [InlineData("pwd=abc123")]
    public void Anything_that_looks_like_a_password_is_refused(string purpose)
    {
        var error = Assert.Throws<InvalidDetailsException>(() => PresenceRequest.Submit(Teacher, false, Endorsed with { Purpose = purpose }, Now));

        Assert.Contains(error.Problems, p => p.Field == nameof(PresenceDetails.Purpose) && p.Message.Contains("Never type a password", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://teacher:secret@x.com/KE7Geography")]
    [InlineData("https://blog.example/login?password=secret")]
    public void An_address_with_sign_in_details_is_refused(string address)
    {
        var error = Assert.Throws<InvalidDetailsException>(() => PresenceRequest.Submit(Teacher, false, Endorsed with { Address = address }, Now));

        Assert.Contains(error.Problems, p => p.Field == nameof(PresenceDetails.Address));
    }

    [Fact]
    public void Ordinary_words_about_passwords_are_not_mistaken_for_one() =>
        Assert.Empty(PresenceRequest.Problems(Endorsed with { Purpose = "Students will be reminded never to share a password." }));
}
