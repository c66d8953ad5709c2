using PolicyPortal.Web.Domain;

namespace PolicyPortal.UnitTests.Domain;

public sealed class RevisionLifecycleTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly Person Principal = new("principal", "Alex Morgan");
    private static readonly Person Governor = new("governor", "Robin Hughes");
    private static readonly AdoptionDecision Decision = new(new DateOnly(2026, 11, 20), "FGB 2026/14", "Robin Hughes", new DateOnly(2026, 11, 24));

    [Fact]
    public void A_draft_starts_from_the_text_in_force_and_is_numbered_by_the_kind_of_change()
    {
        var policy = PolicyInForce();

        var draft = policy.StartDraft(Now);
        Assert.Equal(policy.CurrentRevision!.Body, draft.Body);
        Assert.Equal("1.1", draft.Version);

        draft.Edit("New text.", "Reworded.", ChangeKind.Material);
        Assert.Equal("2.0", draft.Version);
        draft.Edit("New text.", "Reworded.", ChangeKind.Minor);
        Assert.Equal("1.1", draft.Version);
    }

    [Theory]
    [InlineData(">>>>>>>>> Nine quotes deep.", 3)]
    [InlineData("> > > > > > > > > Nine quotes deep, spaced.", 3)]
    [InlineData("                                          - A list item 42 spaces in.", 3)]
    [InlineData("\t\t\t\t\t\t\t\t\t\t\t- A list item eleven tabs in.", 3)]
    public void Text_nested_deeper_than_any_policy_needs_is_refused_with_the_line(string deepLine, int lineNumber)
    {
        var draft = PolicyInForce().StartDraft(Now);
        var before = draft.Body;

        var error = Assert.Throws<InvalidDetailsException>(() => draft.Edit($"## Heading\n\n{deepLine}\n", "Reworded.", ChangeKind.Minor));

        Assert.Equal(nameof(PolicyRevision.Body), Assert.Single(error.Problems).Field);
        Assert.StartsWith($"Line {lineNumber} is nested too deeply", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, draft.Body);
    }

    [Fact]
    public void Ordinary_quotes_and_lists_nest_as_deep_as_a_policy_needs()
    {
        var draft = PolicyInForce().StartDraft(Now);

        draft.Edit("> Quoted\n>> and quoted again\n\n- One\n  - Two\n    - Three\n      - Four\n", "Reworded.", ChangeKind.Minor);

        Assert.Contains("      - Four", draft.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0", ChangeKind.Minor, "1.1")]
    [InlineData("1.9", ChangeKind.Minor, "1.10")]
    [InlineData("1.3", ChangeKind.Material, "2.0")]
    [InlineData("12.4", ChangeKind.Material, "13.0")]
    public void Versions_follow_major_dot_minor(string current, ChangeKind kind, string next) =>
        Assert.Equal(next, PolicyRevision.VersionAfter(current, kind));

    [Fact]
    public void Only_one_revision_can_be_prepared_at_a_time()
    {
        var policy = PolicyInForce();
        policy.StartDraft(Now);

        var error = Assert.Throws<DomainRuleException>(() => policy.StartDraft(Now));
        Assert.Contains("already being prepared", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_draft_can_be_edited()
    {
        var policy = PolicyInForce();
        var draft = SubmittedDraft(policy, ChangeKind.Minor);

        Assert.Throws<DomainRuleException>(() => draft.Edit("Other.", "Why.", ChangeKind.Minor));
        policy.Adopt(draft, Decision, Governor, Today, Now);
        Assert.Throws<DomainRuleException>(() => draft.Edit("Other.", "Why.", ChangeKind.Minor));
        Assert.Throws<DomainRuleException>(() => policy.Revisions.First().Edit("Other.", "Why.", ChangeKind.Minor));
    }

    [Fact]
    public void A_draft_cannot_skip_review()
    {
        var policy = PolicyInForce();
        var draft = policy.StartDraft(Now);
        draft.Edit("Changed text.", "Why.", ChangeKind.Minor);

        var error = Assert.Throws<DomainRuleException>(() => policy.Adopt(draft, Decision, Governor, Today, Now));

        Assert.Contains("must go to the governors for review", error.Message, StringComparison.Ordinal);
        Assert.Equal(RevisionStatus.Draft, draft.Status);
        Assert.Equal(RevisionStatus.Adopted, policy.CurrentRevision!.Status);
    }

    [Fact]
    public void A_change_must_be_summarised_and_must_change_something_before_review()
    {
        var policy = PolicyInForce();
        var draft = policy.StartDraft(Now);

        Assert.Contains("same as the text in force", Assert.Throws<DomainRuleException>(() => { draft.Edit(draft.Body, "Nothing.", ChangeKind.Minor); draft.Submit(Principal); }).Message, StringComparison.Ordinal);
        draft.Edit("Changed.", null, ChangeKind.Minor);
        Assert.Contains("change summary", Assert.Throws<DomainRuleException>(() => draft.Submit(Principal)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adopting_supersedes_the_text_in_force_and_records_the_decision()
    {
        var policy = PolicyInForce();
        var old = policy.CurrentRevision!;
        var draft = SubmittedDraft(policy, ChangeKind.Material);

        policy.Adopt(draft, Decision, Governor, Today, Now);

        Assert.Equal(RevisionStatus.Superseded, old.Status);
        Assert.Same(draft, policy.CurrentRevision);
        Assert.Equal("2.0", draft.Version);
        Assert.Equal("FGB 2026/14", draft.MinuteReference);
        Assert.Equal("Robin Hughes", draft.SignedBy);
        Assert.Equal(new DateOnly(2026, 11, 20), draft.ReviewedOn);
        Assert.Equal(new DateOnly(2027, 11, 20), draft.NextReviewDue);
        Assert.Equal("Governing Body of the school", draft.AdoptedBy);
    }

    [Fact]
    public void After_a_material_change_everyone_signs_again_and_after_a_minor_one_signatures_carry_over()
    {
        var policy = PolicyInForce();
        var first = policy.CurrentRevision!;

        var minor = SubmittedDraft(policy, ChangeKind.Minor);
        policy.Adopt(minor, Decision, Governor, Today, Now);
        Assert.Equal(first.Sequence, minor.SignaturesValidFromSequence);

        var material = SubmittedDraft(policy, ChangeKind.Material);
        policy.Adopt(material, Decision, Governor, Today, Now);
        Assert.Equal(material.Sequence, material.SignaturesValidFromSequence);

        var minorAgain = SubmittedDraft(policy, ChangeKind.Minor);
        policy.Adopt(minorAgain, Decision, Governor, Today, Now);
        Assert.Equal("2.1", minorAgain.Version);
        Assert.Equal(material.Sequence, minorAgain.SignaturesValidFromSequence);
    }

    [Fact]
    public void Governors_views_belong_to_a_review_round_and_changes_needed_needs_a_reason()
    {
        var policy = PolicyInForce();
        var draft = SubmittedDraft(policy, ChangeKind.Minor);

        Assert.Throws<DomainRuleException>(() => draft.RecordView(Governor, ReviewVerdict.ChangesNeeded, " ", Now));
        draft.RecordView(Governor, ReviewVerdict.ChangesNeeded, "Say who to ask.", Now);
        Assert.Equal(ReviewVerdict.ChangesNeeded, Assert.Single(draft.CurrentViews()).Verdict);

        draft.ReturnToDraft();
        Assert.Throws<DomainRuleException>(() => draft.RecordView(Governor, ReviewVerdict.ReadyForAdoption, null, Now));
        draft.Submit(Principal);

        Assert.Empty(draft.CurrentViews());
        draft.RecordView(Governor, ReviewVerdict.ReadyForAdoption, null, Now);
        Assert.Equal(ReviewVerdict.ReadyForAdoption, Assert.Single(draft.CurrentViews()).Verdict);
        Assert.Equal(2, draft.Reviews.Count);
    }

    [Fact]
    public void Comments_are_taken_only_while_in_review()
    {
        var policy = PolicyInForce();
        var draft = policy.StartDraft(Now);

        Assert.Throws<DomainRuleException>(() => draft.AddComment(Governor, "Early thoughts", Now));
        draft.Edit("Changed.", "Why.", ChangeKind.Minor);
        draft.Submit(Principal);
        var comment = draft.AddComment(Principal, "  Please look at section 2.  ", Now);

        Assert.Equal("Please look at section 2.", comment.Text);
        Assert.Throws<DomainRuleException>(() => draft.AddComment(Governor, "  ", Now));
    }

    [Fact]
    public void A_review_without_change_moves_the_next_review_on_without_a_new_version()
    {
        var policy = PolicyInForce();
        var current = policy.CurrentRevision!;

        var adoptedOn = current.ReviewedOn;
        var adoptionMinute = current.MinuteReference;

        current.RecordReviewWithoutChange(new DateOnly(2026, 11, 20), "FGB 2026/15", Today);

        Assert.Equal(new DateOnly(2027, 11, 20), current.NextReviewDue);
        Assert.Equal(new DateOnly(2026, 11, 20), current.LastReviewedWithoutChangeOn);
        Assert.Equal("FGB 2026/15", current.LastReviewMinuteReference);
        Assert.Equal(adoptedOn, current.ReviewedOn);
        Assert.Equal(adoptionMinute, current.MinuteReference);
        Assert.Single(policy.Revisions);
        Assert.Equal("1.0", current.Version);
        var earlier = Assert.Throws<InvalidDetailsException>(() => current.RecordReviewWithoutChange(new DateOnly(2026, 1, 1), "Earlier", Today));
        Assert.Equal(new FieldProblem("ReviewedOn", "The review date is before this policy's last adoption or review, on 20 November 2026. Check the date in the minutes."), Assert.Single(earlier.Problems));
    }

    [Fact]
    public void A_review_without_change_cannot_be_recorded_before_it_is_held()
    {
        var current = PolicyInForce().CurrentRevision!;

        var error = Assert.Throws<InvalidDetailsException>(() => current.RecordReviewWithoutChange(DateOnly.MaxValue, "FGB 9999/1", Today));

        Assert.Equal(new FieldProblem("ReviewedOn", "The review date is in the future. Record the review after the governing body has met."), Assert.Single(error.Problems));
        Assert.Null(current.LastReviewedWithoutChangeOn);
    }

    [Fact]
    public void A_revision_cannot_come_into_force_before_the_meeting_that_adopted_it()
    {
        var policy = PolicyInForce();
        var draft = SubmittedDraft(policy, ChangeKind.Minor);

        var error = Assert.Throws<InvalidDetailsException>(() => policy.Adopt(draft, Decision with { EffectiveFrom = new DateOnly(2026, 11, 1) }, Governor, Today, Now));

        Assert.Equal(new FieldProblem("EffectiveFrom", "A revision cannot come into force before the meeting that adopted it."), Assert.Single(error.Problems));
        Assert.Equal(RevisionStatus.InReview, draft.Status);
        Assert.Equal(RevisionStatus.Adopted, policy.Revisions.First().Status);
    }

    [Theory]
    [InlineData("2026-11-25", "2026-11-25", "MeetingDate", "The meeting date is in the future.")]
    [InlineData("2026-11-20", "2027-01-01", "EffectiveFrom", "comes into force on 1 January 2027. Record the adoption on that day")]
    [InlineData("2026-11-20", "2026-11-19", "EffectiveFrom", "A revision cannot come into force before the meeting that adopted it.")]
    public void An_adoption_cannot_be_dated_in_the_future_nor_in_force_before_its_meeting(string meeting, string effective, string field, string reason)
    {
        var policy = PolicyInForce();
        var draft = SubmittedDraft(policy, ChangeKind.Material);

        var error = Assert.Throws<InvalidDetailsException>(() => policy.Adopt(draft, Decision with { MeetingDate = DateOnly.Parse(meeting, System.Globalization.CultureInfo.InvariantCulture), EffectiveFrom = DateOnly.Parse(effective, System.Globalization.CultureInfo.InvariantCulture) }, Governor, Today, Now));

        Assert.Contains(error.Problems, p => p.Field == field && p.Message.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(RevisionStatus.InReview, draft.Status);
    }

    [Fact]
    public void An_adoption_cannot_be_dated_before_the_policys_last_adoption_or_review()
    {
        var policy = PolicyInForce();
        var current = policy.CurrentRevision!;
        current.RecordReviewWithoutChange(new DateOnly(2026, 11, 10), "FGB 2026/15", Today);
        var draft = SubmittedDraft(policy, ChangeKind.Minor);

        var error = Assert.Throws<InvalidDetailsException>(() => policy.Adopt(draft, Decision with { MeetingDate = new DateOnly(2026, 11, 9), EffectiveFrom = new DateOnly(2026, 11, 20) }, Governor, Today, Now));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("MeetingDate", problem.Field);
        Assert.Equal("The meeting date is before this policy's last adoption or review, on 10 November 2026. Check the date in the minutes.", problem.Message);
        Assert.Equal(RevisionStatus.InReview, draft.Status);
        policy.Adopt(draft, Decision with { MeetingDate = new DateOnly(2026, 11, 10), EffectiveFrom = new DateOnly(2026, 11, 20) }, Governor, Today, Now);
        Assert.Equal(RevisionStatus.Adopted, draft.Status);
    }

    [Fact]
    public void Whoever_submitted_a_revision_cannot_also_record_its_adoption()
    {
        var policy = PolicyInForce();
        var draft = SubmittedDraft(policy, ChangeKind.Minor);
        var bothRoles = new Person(Principal.UserId, Principal.FullName);

        var error = Assert.Throws<DomainRuleException>(() => policy.Adopt(draft, Decision, bothRoles, Today, Now));

        Assert.Contains("another governor must record its adoption", error.Message, StringComparison.Ordinal);
        Assert.Equal(RevisionStatus.InReview, draft.Status);
    }

    [Fact]
    public void Every_change_of_state_renews_the_concurrency_stamp()
    {
        var policy = PolicyInForce();
        var draft = policy.StartDraft(Now);
        var stamps = new List<Guid> { draft.ConcurrencyStamp };

        draft.Edit("Changed.", "Why.", ChangeKind.Minor);
        stamps.Add(draft.ConcurrencyStamp);
        draft.Submit(Principal);
        stamps.Add(draft.ConcurrencyStamp);
        policy.Adopt(draft, Decision, Governor, Today, Now);
        stamps.Add(draft.ConcurrencyStamp);

        Assert.Equal(stamps.Count, stamps.Distinct().Count());
    }

    private static Policy PolicyInForce()
    {
        var policy = new Policy("social-media", "Social Media", PolicyAudience.StaffAndGovernors, ["staff"], []);
        policy.AddAdoptedRevision("1.0", "## Scope\n\nOriginal text.", new AdoptionRecord("Governing Body of the school", null, new DateOnly(2016, 1, 1), DatePrecision.Month, "J.T. Kailofer", null, 12), Now);
        return policy;
    }

    private static PolicyRevision SubmittedDraft(Policy policy, ChangeKind kind)
    {
        var draft = policy.StartDraft(Now);
        draft.Edit(draft.Body + $"\n\nMore text {policy.Revisions.Count}.", "Added a sentence.", kind);
        draft.Submit(Principal);
        return draft;
    }
}
