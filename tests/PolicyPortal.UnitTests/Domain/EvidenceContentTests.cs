using PolicyPortal.Web.Domain;

namespace PolicyPortal.UnitTests.Domain;

/// <summary>
/// The canonical content and hashes of the record's chain. The expected hashes were computed outside .NET, with Python's
/// hashlib, as docs/evidence.md tells anyone to: a change here means every stored hash would stop matching.
/// </summary>
public sealed class EvidenceContentTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void An_event_is_one_line_of_json_in_a_fixed_order_escaping_only_what_json_requires()
    {
        var policy = new Policy("social-media", "Social Media", PolicyAudience.Staff, ["staff"], []);
        var entry = new PolicyEvent(policy, null, PolicyEventKind.Commented, new Person("u-1", "Zoë Brontë"), "Said \"no\" \\ then\n\ttab\u0001 — ok", Now);

        var content = EvidenceContent.Of(entry)!;

        Assert.Equal(
            """{"kind":"PolicyEvent","id":0,"policy":0,"revision":null,"event":"Commented","actor":"u-1","actorName":"Zoë Brontë","detail":"Said \"no\" \\ then\n\ttab\u0001 — ok","at":"2026-11-24T09:30:00.0000000Z"}""",
            content.Content);
        Assert.Equal("8ae392d72e9d92a4b7abbf6dfd13bd9abaa2bd7b894e9c508c345e938a8e3311", EvidenceContent.Sha256(content.Content));
    }

    [Fact]
    public void A_signature_and_a_reminder_have_the_forms_docs_evidence_shows()
    {
        var revision = new Policy("social-media", "Social Media", PolicyAudience.Staff, ["staff"], [])
            .AddAdoptedRevision("1.0", "Text.", new AdoptionRecord("Governing Body", null, new DateOnly(2026, 11, 20), DatePrecision.Day, null, null, 12), Now);
        var signature = revision.Acknowledge(new Person("u-7", "Siobhán O’Brien"), revision.BodySha256, "Siobhán O’Brien", Now);
        var reminder = new Reminder(3, "u-7", new DateOnly(2026, 11, 24), ReminderKind.Automatic, sentBy: null, Now);

        var (signed, reminded) = (EvidenceContent.Of(signature)!, EvidenceContent.Of(reminder)!);

        Assert.Equal(
            """{"kind":"Signature","id":0,"person":"u-7","revision":0,"textSha256":"f06dce27b84e18ccb3c7e94a0679c279cd42027da23bcf1e1ca1f94e365ea420","signatureName":"Siobhán O’Brien","at":"2026-11-24T09:30:00.0000000Z"}""",
            signed.Content);
        Assert.Equal("75412fb121432155727f1190dbde01addcc803fdedefa121c00aac82327bc319", EvidenceContent.Sha256(signed.Content));
        Assert.Equal("888b4adab8f8803937681af61e529a693c20a08c3f566221d0b105ad093c90ba", EvidenceContent.Sha256(reminded.Content));
    }

    [Fact]
    public void A_kind_of_account_event_added_later_is_written_by_its_name_as_the_first_ones_are()
    {
        var subject = new PortalUser { Id = "u-9", FullName = "Kim Lowe" };
        var entry = new AccountEvent(subject, AccountEventKind.ChangeConfirmed, new Person("u-2", "Robin Hughes"), "Confirmed the change Alex Morgan asked for.", Now);

        var content = EvidenceContent.Of(entry)!;

        Assert.Equal(
            """{"kind":"AccountEvent","id":0,"subject":"u-9","subjectName":"Kim Lowe","event":"ChangeConfirmed","actor":"u-2","actorName":"Robin Hughes","detail":"Confirmed the change Alex Morgan asked for.","at":"2026-11-24T09:30:00.0000000Z"}""",
            content.Content);
        Assert.Equal("b45c92a68fe5487a9e30818f3d06d96f3e0903e187db36fc108481a6dbd0b35c", EvidenceContent.Sha256(content.Content));
    }

    [Fact]
    public void A_time_read_back_without_its_kind_gives_the_same_content()
    {
        var policy = new Policy("social-media", "Social Media", PolicyAudience.Staff, ["staff"], []);
        var written = new PolicyEvent(policy, null, PolicyEventKind.Adopted, new Person("u-1", "Alex Morgan"), "Adopted.", Now);
        var readBack = new PolicyEvent(policy, null, PolicyEventKind.Adopted, new Person("u-1", "Alex Morgan"), "Adopted.", DateTime.SpecifyKind(Now, DateTimeKind.Unspecified));

        Assert.Equal(EvidenceContent.Of(written)!.Content, EvidenceContent.Of(readBack)!.Content);
    }

    [Fact]
    public void Each_chain_hash_follows_from_the_one_before()
    {
        var first = EvidenceContent.ChainHash(ChainLink.Genesis, EvidenceContent.Sha256("first"));
        var second = EvidenceContent.ChainHash(first, EvidenceContent.Sha256("second"));

        Assert.Equal("6eb7f3483ddc6185f3851734d7fc2ec10e38756be779e04720647d4ad1474c70", first);
        Assert.Equal("cb2ea1e181068270561178d3fad00d0ce9f8cb3a58662481d95908777a2dfa92", second);
    }
}
