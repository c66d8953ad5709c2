using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class PolicyConfiguration : IEntityTypeConfiguration<Policy>
{
    public void Configure(EntityTypeBuilder<Policy> builder)
    {
        builder.Property(p => p.Slug).HasMaxLength(PolicySlug.MaxLength);
        builder.HasIndex(p => p.Slug).IsUnique();
        builder.Property(p => p.Title).HasMaxLength(Policy.TitleMaxLength);
        // Stored as the flags' integer value so that "who must sign" can be filtered in SQL.
        builder.Property(p => p.Audience);
        builder.Property(p => p.Category).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.OwnerUserId).OnDelete(DeleteBehavior.SetNull);
        builder.PrimitiveCollection(p => p.AppliesTo);
        builder.PrimitiveCollection(p => p.RelatedPolicies);

        builder.HasMany(p => p.Revisions)
            .WithOne(r => r.Policy)
            .HasForeignKey(r => r.PolicyId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(p => p.Revisions).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(p => p.AudienceGroups).WithOne().HasForeignKey(g => g.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.AudienceGroups).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.CurrentRevision);
        builder.Ignore(p => p.OpenRevision);
        builder.Ignore(p => p.IsRetired);
    }
}
