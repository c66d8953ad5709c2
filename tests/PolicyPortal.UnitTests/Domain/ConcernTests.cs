using PolicyPortal.Web.Domain;

namespace PolicyPortal.UnitTests.Domain;

public sealed class ConcernTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static readonly Person Teacher = new("teacher", "Sam Taylor");
    private static readonly ConcernViewer TeacherViewer = new(Teacher, IsPrincipal: false, IsGovernor: false);
    private static readonly ConcernViewer Support = new(new Person("support", "Jo Patel"), IsPrincipal: false, IsGovernor: false);
    private static readonly ConcernViewer Principal = new(new Person("principal", "Alex Morgan"), IsPrincipal: true, IsGovernor: false);
    private static readonly ConcernViewer Governor = new(new Person("governor", "Robin Hughes"), IsPrincipal: false, IsGovernor: true);
    private static readonly ConcernViewer OtherGovernor = new(new Person("governor2", "Chris Lee"), IsPrincipal: false, IsGovernor: true);

    private static readonly IReadOnlyCollection<ConcernAccount> Accounts =
    [
        new("principal", "Alex Morgan", "principal@example.org", IsPrincipal: true),
        new("teacher", "Sam Taylor", "teacher@example.org", IsPrincipal: false),
        new("support", "Jo Patel", "support@example.org", IsPrincipal: false),
        new("governor", "Robin Hughes", "governor@example.org", IsPrincipal: false),
        new("governor2", "Chris Lee", "chris.lee@example.org", IsPrincipal: false),
    ];

    private static readonly ConcernPolicy SocialMediaPolicy = new(1, ["scope", "employee-responsibility"]);

    private static ConcernDetails About(string concerning, bool concernsThePrincipal = false) =>
        new("A post naming a Year 9 student.", "https://x.com/someone/status/1", new DateOnly(2026, 11, 20), concerning, concernsThePrincipal, "employee-responsibility");

    private static Concern Report(ConcernDetails details) => Concern.Report(Teacher, details, SocialMediaPolicy, Accounts, Today, Now);

    [Fact]
    public void A_concern_about_a_colleague_goes_to_the_principal_and_names_their_account()
    {
        var concern = Report(About("Jo Patel"));

        Assert.Equal(ConcernHandler.Principal, concern.Handler);
        Assert.Equal(ConcernStatus.Received, concern.Status);
        Assert.Equal("support", concern.ConcerningUserId);
        Assert.Equal(1, concern.PolicyId);
        Assert.Equal("employee-responsibility", concern.PolicySection);
        Assert.Equal([ConcernEventKind.Reported], concern.Timeline.Select(e => e.Kind));
    }

    [Fact]
    public void Each_concern_is_named_by_128_random_bits_of_its_own()
    {
        var publicIds = Enumerable.Range(0, 100).Select(_ => Report(About("Jo Patel")).PublicId).ToList();

        Assert.All(publicIds, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(publicIds.Count, publicIds.Distinct().Count());
    }

    [Theory]
    [InlineData("Someone in the PE department", true)]
    [InlineData("Alex Morgan", false)]
    [InlineData("  alex   MORGAN ", false)]
    [InlineData("PRINCIPAL@example.org", false)]
    public void A_concern_about_the_principal_by_the_box_or_by_name_goes_to_the_governors(string concerning, bool box)
    {
        var concern = Report(About(concerning, box));

        Assert.Equal(ConcernHandler.Governors, concern.Handler);
        Assert.Equal("principal", concern.ConcerningUserId);
        Assert.False(concern.CanBeSeenBy(Principal));
        Assert.True(concern.CanBeSeenBy(Governor));
    }

    [Fact]
    public void A_name_shared_by_two_accounts_names_neither()
    {
        var accounts = Accounts.Append(new ConcernAccount("teacher2", "Jo Patel", "jo.patel2@example.org", IsPrincipal: false)).ToList();

        var concern = Concern.Report(Teacher, About("Jo Patel"), SocialMediaPolicy, accounts, Today, Now);

        Assert.Null(concern.ConcerningUserId);
        Assert.Equal(ConcernHandler.Principal, concern.Handler);
    }

    [Fact]
    public void Only_the_reporter_and_the_handler_see_a_concern()
    {
        var concern = Report(About("Someone from another school"));

        Assert.True(concern.CanBeSeenBy(TeacherViewer));
        Assert.False(concern.IsHandledBy(TeacherViewer));
        Assert.True(concern.CanBeSeenBy(Principal));
        Assert.True(concern.IsHandledBy(Principal));
        Assert.False(concern.CanBeSeenBy(Support));
        Assert.False(concern.CanBeSeenBy(Governor));
    }

    [Fact]
    public void The_person_a_concern_is_about_never_sees_it_even_as_a_handler()
    {
        var aboutGovernor = Report(About("Robin Hughes", concernsThePrincipal: true));
        var aboutPrincipal = Report(About("Alex Morgan"));
        var principalAndGovernor = Principal with { IsGovernor = true };

        Assert.Equal(ConcernHandler.Governors, aboutGovernor.Handler);
        Assert.Equal("governor", aboutGovernor.ConcerningUserId);
        Assert.False(aboutGovernor.CanBeSeenBy(Governor));
        Assert.True(aboutGovernor.CanBeSeenBy(OtherGovernor));
        Assert.False(aboutGovernor.CanBeSeenBy(Principal));
        Assert.False(aboutPrincipal.CanBeSeenBy(principalAndGovernor));
        Assert.Throws<DomainRuleException>(() => aboutGovernor.RecordView(Governor, Now));
        Assert.Throws<DomainRuleException>(() => aboutGovernor.StartReview(Governor, Now));
    }

    [Fact]
    public void A_concern_is_reviewed_noted_and_closed_with_its_outcome()
    {
        var concern = Report(About("Jo Patel"));
        var stamp = concern.ConcurrencyStamp;

        concern.RecordView(Principal, Now);
        Assert.Equal(stamp, concern.ConcurrencyStamp);
        concern.StartReview(Principal, Now);
        concern.AddNote(Principal, "Spoke to Jo.", Now);
        concern.Close(Principal, "  The post was taken down and advice given.  ", Now.AddHours(1));

        Assert.Equal(ConcernStatus.Closed, concern.Status);
        Assert.Equal("The post was taken down and advice given.", concern.OutcomeNote);
        Assert.Equal(Now.AddHours(1), concern.ClosedAtUtc);
        Assert.NotEqual(stamp, concern.ConcurrencyStamp);
        Assert.Equal(
            [ConcernEventKind.Reported, ConcernEventKind.Viewed, ConcernEventKind.ReviewStarted, ConcernEventKind.NoteAdded, ConcernEventKind.Closed],
            concern.Timeline.Select(e => e.Kind));
        Assert.Equal("Alex Morgan", concern.Timeline.Single(e => e.Kind == ConcernEventKind.Viewed).ActorName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Closing_needs_an_outcome(string? outcome)
    {
        var concern = Report(About("Jo Patel"));

        var refused = Assert.Throws<DomainRuleException>(() => concern.Close(Principal, outcome, Now));

        Assert.Contains("Write the outcome", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ConcernStatus.Received, concern.Status);
        Assert.Null(concern.OutcomeNote);
    }

    [Fact]
    public void A_step_taken_out_of_turn_is_refused()
    {
        var concern = Report(About("Jo Patel"));
        concern.StartReview(Principal, Now);

        Assert.Contains("under review, so it cannot be put under review", Assert.Throws<DomainRuleException>(() => concern.StartReview(Principal, Now)).Message, StringComparison.Ordinal);
        concern.Close(Principal, "No further action.", Now);
        Assert.Throws<DomainRuleException>(() => concern.Close(Principal, "Again.", Now));
        Assert.Throws<DomainRuleException>(() => concern.AddNote(Principal, "Later.", Now));
        Assert.Throws<DomainRuleException>(() => concern.StartReview(Principal, Now));
        Assert.Equal("No further action.", concern.OutcomeNote);
    }

    [Fact]
    public void The_reporter_cannot_handle_their_own_report_unless_they_are_its_handler()
    {
        var concern = Report(About("Jo Patel"));

        Assert.Throws<DomainRuleException>(() => concern.StartReview(TeacherViewer, Now));
        Assert.Throws<DomainRuleException>(() => concern.Close(TeacherViewer, "Done.", Now));
        Assert.Throws<DomainRuleException>(() => concern.RecordView(TeacherViewer, Now));
        Assert.Equal(ConcernStatus.Received, concern.Status);
    }

    [Theory]
    [InlineData("", "https://x.com/a", "2026-11-20", "Jo Patel", null, "WhatWasSeen", "Say what you saw.")]
    [InlineData("A post", "javascript:alert(1)", "2026-11-20", "Jo Patel", null, "Address", "starting with https://")]
    [InlineData("A post", "x.com/a", "2026-11-20", "Jo Patel", null, "Address", "starting with https://")]
    [InlineData("A post", null, null, "Jo Patel", null, "SeenOn", "Enter the date you saw it.")]
    [InlineData("A post", null, "2026-11-25", "Jo Patel", null, "SeenOn", "cannot be in the future")]
    [InlineData("A post", null, "2026-11-20", " ", null, "Concerning", "Say who it concerns.")]
    [InlineData("A post", null, "2026-11-20", "Jo Patel", "not-a-heading", "PolicySection", "Choose a part of the policy from the list")]
    public void A_report_missing_or_wrong_is_refused_with_the_field_named(string what, string? address, string? seenOn, string concerning, string? section, string field, string message)
    {
        var details = new ConcernDetails(what, address, seenOn is null ? null : DateOnly.Parse(seenOn, System.Globalization.CultureInfo.InvariantCulture), concerning, false, section);

        var refused = Assert.Throws<InvalidDetailsException>(() => Report(details));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal(field, problem.Field);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_text_is_refused()
    {
        var details = new ConcernDetails(new string('x', Concern.TextMaxLength + 1), "https://x.com/" + new string('a', Concern.AddressMaxLength), Today, new string('y', Concern.ConcerningMaxLength + 1), false, null);

        var refused = Assert.Throws<InvalidDetailsException>(() => Report(details));

        Assert.Equal(["WhatWasSeen", "Address", "Concerning"], refused.Problems.Select(p => p.Field));
    }

    [Fact]
    public void Today_an_empty_address_and_no_section_are_all_fine()
    {
        var concern = Report(new ConcernDetails("A post", "  ", Today, "Jo Patel", false, ""));

        Assert.Null(concern.Address);
        Assert.Null(concern.PolicySection);
        Assert.Null(concern.PolicyId);
        Assert.Equal(Today, concern.SeenOn);
    }
}
