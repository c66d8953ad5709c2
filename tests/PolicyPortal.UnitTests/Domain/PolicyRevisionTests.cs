using PolicyPortal.Web.Domain;

namespace PolicyPortal.UnitTests.Domain;

public sealed class PolicyRevisionTests
{
    private static readonly AdoptionRecord Adoption = new("Governing Body", "adopted in its entirety", new DateOnly(2016, 1, 1), DatePrecision.Month, "J.T. Kailofer", "The council", 12);
    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void An_adopted_revision_carries_the_hash_of_its_text_and_its_next_review_date()
    {
        var revision = NewPolicy().AddAdoptedRevision("1.0", "## Scope\r\n\r\nText.", Adoption, Now);

        Assert.Equal("## Scope\n\nText.", revision.Body);
        Assert.Equal(64, revision.BodySha256.Length);
        Assert.Equal(PolicyRevision.HashOf("## Scope\n\nText."), revision.BodySha256);
        Assert.Equal(new DateOnly(2017, 1, 1), revision.NextReviewDue);
        Assert.Equal(RevisionStatus.Adopted, revision.Status);
    }

    [Fact]
    public void The_sha256_is_of_the_utf8_text() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PolicyRevision.HashOf("abc"));

    [Fact]
    public void A_newly_adopted_revision_supersedes_the_one_in_force()
    {
        var policy = NewPolicy();
        var first = policy.AddAdoptedRevision("1.0", "Old text.", Adoption, Now);

        var second = policy.AddAdoptedRevision("1.1", "New text.", Adoption, Now);

        Assert.Equal(RevisionStatus.Superseded, first.Status);
        Assert.Same(second, policy.CurrentRevision);
    }

    [Fact]
    public void A_version_cannot_be_adopted_twice() =>
        Assert.Throws<DomainRuleException>(() =>
        {
            var policy = NewPolicy();
            policy.AddAdoptedRevision("1.0", "Text.", Adoption, Now);
            policy.AddAdoptedRevision("1.0", "Other text.", Adoption, Now);
        });

    [Fact]
    public void Signing_records_the_signer_the_text_hash_and_the_time()
    {
        var revision = NewPolicy().AddAdoptedRevision("1.0", "Text.", Adoption, Now);

        var acknowledgement = revision.Acknowledge(new Person("user-1", "Sam Taylor"), revision.BodySha256, " sam taylor ", Now);

        Assert.Equal("user-1", acknowledgement.UserId);
        Assert.Equal(revision.BodySha256, acknowledgement.TextSha256);
        Assert.Equal("sam taylor", acknowledgement.SignatureName);
        Assert.Equal(Now, acknowledgement.SignedAtUtc);
    }

    [Fact]
    public void A_signature_for_other_text_is_refused()
    {
        var revision = NewPolicy().AddAdoptedRevision("1.0", "Text.", Adoption, Now);

        Assert.Throws<DomainRuleException>(() => revision.Acknowledge(new Person("user-1", "Sam Taylor"), PolicyRevision.HashOf("Other text."), "Sam Taylor", Now));
    }

    [Fact]
    public void A_signature_that_is_not_the_signers_name_is_refused()
    {
        var revision = NewPolicy().AddAdoptedRevision("1.0", "Text.", Adoption, Now);

        Assert.Throws<DomainRuleException>(() => revision.Acknowledge(new Person("user-1", "Sam Taylor"), revision.BodySha256, "Jo Patel", Now));
    }

    [Fact]
    public void A_superseded_revision_cannot_be_signed()
    {
        var policy = NewPolicy();
        var old = policy.AddAdoptedRevision("1.0", "Text.", Adoption, Now);
        policy.AddAdoptedRevision("1.1", "Newer text.", Adoption, Now);

        Assert.Throws<DomainRuleException>(() => old.Acknowledge(new Person("user-1", "Sam Taylor"), old.BodySha256, "Sam Taylor", Now));
    }

    [Theory]
    [InlineData("Has Spaces")]
    [InlineData("UPPER")]
    [InlineData("-leading")]
    [InlineData("")]
    public void A_policy_slug_is_lower_case_words_joined_by_hyphens(string slug) =>
        Assert.Throws<DomainRuleException>(() => new Policy(slug, "Title", PolicyAudience.Staff, [], []));

    private static Policy NewPolicy() => new("social-media", "Social Media", PolicyAudience.StaffAndGovernors, ["staff"], []);
}
