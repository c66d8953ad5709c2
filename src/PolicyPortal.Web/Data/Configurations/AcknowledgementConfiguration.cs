using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class AcknowledgementConfiguration : IEntityTypeConfiguration<Acknowledgement>
{
    public void Configure(EntityTypeBuilder<Acknowledgement> builder)
    {
        // One signature per person per revision; the database enforces it even when two requests race.
        builder.HasIndex(a => new { a.UserId, a.RevisionId }).IsUnique();
        builder.HasIndex(a => a.RevisionId);
        builder.Property(a => a.TextSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.SignatureName).HasMaxLength(Acknowledgement.SignatureNameMaxLength);

        builder.HasOne<PortalUser>()
            .WithMany()
            .HasForeignKey(a => a.UserId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Revision)
            .WithMany()
            .HasForeignKey(a => a.RevisionId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}
