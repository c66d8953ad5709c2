using PolicyPortal.Web.Domain;

namespace PolicyPortal.UnitTests.Domain;

public sealed class AuditEventTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);
    private static readonly Person Principal = new("principal", "Alex Morgan");

    [Fact]
    public void An_audit_entry_records_who_did_what_and_when()
    {
        var policy = new Policy("social-media", "Social Media", PolicyAudience.Staff, ["staff"], []);

        var entry = new PolicyEvent(policy, null, PolicyEventKind.Commented, Principal, "Commented on version 1.1.", Now);

        Assert.Equal((PolicyEventKind.Commented, "principal", "Alex Morgan", "Commented on version 1.1.", Now), (entry.Kind, entry.ActorUserId, entry.ActorName, entry.Detail, entry.AtUtc));
    }

    [Fact]
    public void Every_trail_cuts_a_detail_longer_than_it_keeps()
    {
        var policy = new Policy("social-media", "Social Media", PolicyAudience.Staff, ["staff"], []);
        var concern = Concern.Report(Principal, new ConcernDetails("A post", null, DateOnly.FromDateTime(Now), "Jo Patel", false, null), null, [], DateOnly.FromDateTime(Now), Now);

        var policyEntry = new PolicyEvent(policy, null, PolicyEventKind.Commented, Principal, new string('x', PolicyEvent.DetailMaxLength + 1), Now);
        var concernEntry = new ConcernEvent(concern, ConcernEventKind.NoteAdded, Principal, new string('x', ConcernEvent.DetailMaxLength + 1), Now);

        Assert.Equal(PolicyEvent.DetailMaxLength, policyEntry.Detail.Length);
        Assert.Equal(ConcernEvent.DetailMaxLength, concernEntry.Detail.Length);
    }
}
