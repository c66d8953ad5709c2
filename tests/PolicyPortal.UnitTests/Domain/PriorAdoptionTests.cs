using PolicyPortal.Web.Domain;

namespace PolicyPortal.UnitTests.Domain;

/// <summary>Policies the governing body adopted before the school used the portal, and the images that are part of a text.</summary>
public sealed class PriorAdoptionTests
{
    private static readonly DateOnly Today = new(2026, 12, 4);
    private static readonly DateTime Now = new(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Person Principal = new("principal", "Pat Principal");
    private static readonly Person Governor = new("governor", "Gill Governor");
    private static readonly PriorAdoption Minutes = new(new DateOnly(2025, 3, 12), "FGB 25/14", "A. Chair", "The trust", 24, new DateOnly(2027, 3, 1));

    [Fact]
    public void A_recorded_adoption_is_not_in_force_until_another_governor_confirms_it()
    {
        var (policy, draft) = Imported();

        policy.RecordPriorAdoption(draft, Minutes, Principal, Today);

        Assert.Equal(RevisionStatus.AwaitingConfirmation, draft.Status);
        Assert.Null(policy.CurrentRevision);
        Assert.Same(draft, policy.OpenRevision);

        policy.ConfirmPriorAdoption(draft, Governor, Now);

        Assert.Same(draft, policy.CurrentRevision);
        Assert.Equal(new DateOnly(2025, 3, 12), draft.ReviewedOn);
        Assert.Equal("FGB 25/14", draft.MinuteReference);
        Assert.Equal(new DateOnly(2027, 3, 1), draft.NextReviewDue);
        Assert.Equal(24, policy.ReviewCycleMonths);
        Assert.Equal(draft.Sequence, draft.SignaturesValidFromSequence);
    }

    [Fact]
    public void Whoever_recorded_the_adoption_cannot_confirm_it()
    {
        var (policy, draft) = Imported();
        policy.RecordPriorAdoption(draft, Minutes, Principal, Today);

        var refused = Assert.Throws<DomainRuleException>(() => policy.ConfirmPriorAdoption(draft, Principal, Now));

        Assert.Contains("another governor", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RevisionStatus.AwaitingConfirmation, draft.Status);
    }

    [Fact]
    public void A_meeting_in_the_future_a_review_before_the_meeting_and_missing_minutes_are_each_named()
    {
        var (policy, draft) = Imported();

        var refused = Assert.Throws<InvalidDetailsException>(() => policy.RecordPriorAdoption(
            draft, new PriorAdoption(Today.AddDays(1), " ", "", null, 12, Today), Principal, Today));

        Assert.Equal(
            ["MeetingDate", "MinuteReference", "SignedBy", "NextReviewDue"],
            refused.Problems.Select(p => p.Field));
        Assert.Equal(RevisionStatus.Draft, draft.Status);
    }

    [Fact]
    public void Taking_a_recorded_adoption_back_into_draft_clears_it()
    {
        var (policy, draft) = Imported();
        policy.RecordPriorAdoption(draft, Minutes, Principal, Today);

        draft.ReturnToDraft();

        Assert.Equal(RevisionStatus.Draft, draft.Status);
        Assert.Null(draft.MinuteReference);
        Assert.Throws<DomainRuleException>(() => policy.ConfirmPriorAdoption(draft, Governor, Now));
    }

    [Fact]
    public void Only_a_policys_first_text_can_be_recorded_as_already_adopted()
    {
        var policy = new Policy("p", "P", PolicyAudience.Staff, [], []);
        policy.AddAdoptedRevision("1.0", "Old.", new AdoptionRecord("Governing Body", null, new DateOnly(2020, 1, 1), DatePrecision.Day, null, null, 12), Now);
        var draft = policy.StartDraft(Now, "New.");

        Assert.Throws<DomainRuleException>(() => policy.RecordPriorAdoption(draft, Minutes, Principal, Today));
    }

    [Fact]
    public void The_fingerprint_covers_every_image_so_changing_only_an_image_changes_it()
    {
        var (_, draft) = Imported();
        var textOnly = draft.BodySha256;

        draft.ReplaceAttachments([new NewAttachment("image1.png", "image/png", [1, 2, 3])]);
        var withImage = draft.BodySha256;
        draft.ReplaceAttachments([new NewAttachment("image1.png", "image/png", [1, 2, 4])]);

        Assert.Equal(PolicyRevision.HashOf(draft.Body), textOnly);
        Assert.NotEqual(textOnly, withImage);
        Assert.NotEqual(withImage, draft.BodySha256);
        Assert.Equal(
            PolicyRevision.HashOf(draft.Body + "\n\nattachment image1.png sha256:" + AttachmentContent.HashOf([1, 2, 4])),
            draft.BodySha256);
    }

    [Theory]
    [InlineData("../image1.png")]
    [InlineData("image1.svg.png.x")]
    [InlineData("image 1.png")]
    public void An_image_name_that_is_not_a_plain_file_name_is_refused(string name)
    {
        var (_, draft) = Imported();

        Assert.Throws<DomainRuleException>(() => draft.ReplaceAttachments([new NewAttachment(name, "image/png", [1])]));
    }

    [Fact]
    public void An_svg_is_refused_since_it_can_carry_script()
    {
        var (_, draft) = Imported();

        Assert.Throws<DomainRuleException>(() => draft.ReplaceAttachments([new NewAttachment("image1.svg", "image/svg+xml", [1])]));
    }

    [Fact]
    public void A_new_draft_keeps_the_images_of_the_text_in_force()
    {
        var (policy, draft) = Imported();
        draft.ReplaceAttachments([new NewAttachment("image1.png", "image/png", [1, 2, 3])]);
        policy.RecordPriorAdoption(draft, Minutes, Principal, Today);
        policy.ConfirmPriorAdoption(draft, Governor, Now);

        var next = policy.StartDraft(Now);

        Assert.Equal(draft.BodySha256, next.BodySha256);
        Assert.Equal(["image1.png"], next.Attachments.Select(a => a.FileName));
    }

    private static (Policy Policy, PolicyRevision Draft) Imported()
    {
        var policy = new Policy("e-safety", "E-Safety", PolicyAudience.None, [], []);
        return (policy, policy.StartDraft(Now, "## Scope\n\nEveryone.\n\n![Flowchart](image1.png)"));
    }
}
