using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class RevisionReviewConfiguration : IEntityTypeConfiguration<RevisionReview>
{
    public void Configure(EntityTypeBuilder<RevisionReview> builder)
    {
        builder.Property(r => r.GovernorUserId).HasMaxLength(450);
        builder.Property(r => r.GovernorName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(r => r.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Reason).HasMaxLength(RevisionReview.ReasonMaxLength);
        builder.HasIndex(r => new { r.RevisionId, r.Round });
    }
}

internal sealed class RevisionCommentConfiguration : IEntityTypeConfiguration<RevisionComment>
{
    public void Configure(EntityTypeBuilder<RevisionComment> builder)
    {
        builder.Property(c => c.AuthorUserId).HasMaxLength(450);
        builder.Property(c => c.AuthorName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(c => c.Text).HasMaxLength(RevisionComment.TextMaxLength);
        builder.HasIndex(c => c.RevisionId);
    }
}

internal sealed class PolicyEventConfiguration() : AuditEventConfiguration<PolicyEvent, PolicyEventKind>(PolicyEvent.DetailMaxLength)
{
    protected override void ConfigureTrail(EntityTypeBuilder<PolicyEvent> builder)
    {
        builder.HasIndex(e => new { e.PolicyId, e.AtUtc });
        builder.HasOne(e => e.Policy).WithMany().HasForeignKey(e => e.PolicyId).OnDelete(DeleteBehavior.Restrict);
        // A discarded draft leaves its events, which name its version in their detail, no longer linked to it.
        builder.HasOne(e => e.Revision).WithMany().HasForeignKey(e => e.RevisionId).OnDelete(DeleteBehavior.SetNull);
    }
}
