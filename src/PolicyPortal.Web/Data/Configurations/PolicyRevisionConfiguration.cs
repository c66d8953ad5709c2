using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class PolicyRevisionConfiguration : IEntityTypeConfiguration<PolicyRevision>
{
    public void Configure(EntityTypeBuilder<PolicyRevision> builder)
    {
        builder.Property(r => r.Version).HasMaxLength(PolicyRevision.VersionMaxLength);
        builder.HasIndex(r => new { r.PolicyId, r.Version }).IsUnique();
        builder.Property(r => r.BodySha256).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => new { r.PolicyId, r.Status });

        // At most one revision of a policy is in force, whatever the code above the database does.
        builder.HasIndex(r => r.PolicyId, "IX_PolicyRevisions_OneInForce")
            .HasFilter("Status = 'Adopted'")
            .IsUnique();
        builder.Property(r => r.ReviewedOnPrecision).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.AdoptedBy).HasMaxLength(300);
        builder.Property(r => r.AdoptionNote).HasMaxLength(300);
        builder.Property(r => r.SignedBy).HasMaxLength(200);
        builder.Property(r => r.ProvidedBy).HasMaxLength(300);
        builder.Property(r => r.ChangeKind).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.ChangeSummary).HasMaxLength(PolicyRevision.ChangeSummaryMaxLength);
        builder.Property(r => r.MinuteReference).HasMaxLength(200);
        builder.Property(r => r.LastReviewMinuteReference).HasMaxLength(200);
        builder.Property(r => r.SubmittedByUserId).HasMaxLength(450);
        builder.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(r => new { r.PolicyId, r.Sequence }).IsUnique();

        // At most one revision of a policy is being prepared at a time.
        builder.HasIndex(r => r.PolicyId, "IX_PolicyRevisions_OneOpen")
            .HasFilter("Status IN ('Draft', 'InReview', 'AwaitingConfirmation')")
            .IsUnique();

        builder.HasMany(r => r.Reviews).WithOne(v => v.Revision).HasForeignKey(v => v.RevisionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Comments).WithOne(c => c.Revision).HasForeignKey(c => c.RevisionId).OnDelete(DeleteBehavior.Restrict);
        // An attachment is part of the text it belongs to: loaded with the revision, since its fingerprint depends on it.
        builder.OwnsMany(r => r.Attachments, a =>
        {
            a.ToTable("RevisionAttachments");
            a.WithOwner().HasForeignKey("RevisionId");
            a.Property<int>("Id");
            a.HasKey("Id");
            a.Property(x => x.FileName).HasMaxLength(RevisionAttachment.FileNameMaxLength);
            a.Property(x => x.ContentType).HasMaxLength(50);
            a.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
            a.HasIndex("RevisionId", nameof(RevisionAttachment.FileName)).IsUnique();
            a.HasIndex(x => x.Sha256);
        });
        builder.Navigation(r => r.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(r => r.Reviews).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(r => r.Comments).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(r => r.IsImmutable);
        builder.Ignore(r => r.IsOpen);
    }
}
