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
        builder.HasIndex(r => r.PolicyId)
            .HasDatabaseName("IX_PolicyRevisions_OneInForce")
            .HasFilter("Status = 'Adopted'")
            .IsUnique();
        builder.Property(r => r.ReviewedOnPrecision).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.AdoptedBy).HasMaxLength(300);
        builder.Property(r => r.AdoptionNote).HasMaxLength(300);
        builder.Property(r => r.SignedBy).HasMaxLength(200);
        builder.Property(r => r.ProvidedBy).HasMaxLength(300);
        builder.Ignore(r => r.IsImmutable);
    }
}
