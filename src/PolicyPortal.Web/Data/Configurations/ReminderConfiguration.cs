using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> builder)
    {
        // Never twice in a day: a second instance's insert for the same person, revision and day fails, and is skipped.
        builder.HasIndex(r => new { r.RevisionId, r.UserId, r.SchoolDay }).IsUnique();
        builder.HasIndex(r => new { r.UserId, r.RevisionId });
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.SentByUserId).HasMaxLength(450);
        builder.Property(r => r.SentByName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PolicyRevision>().WithMany().HasForeignKey(r => r.RevisionId).OnDelete(DeleteBehavior.Restrict);
    }
}
