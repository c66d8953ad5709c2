using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class AcknowledgementConfiguration : IEntityTypeConfiguration<Acknowledgement>
{
    public const string NoUpdateTrigger = "TR_Acknowledgements_NoUpdate";
    public const string NoDeleteTrigger = "TR_Acknowledgements_NoDelete";

    public void Configure(EntityTypeBuilder<Acknowledgement> builder)
    {
        // The database refuses to change or delete a signature, whoever asks (hand-written triggers in InitialCreate).
        // Declaring the triggers tells EF Core not to use SQL that triggers forbid on SQL Server.
        builder.ToTable(t =>
        {
            t.HasTrigger(NoUpdateTrigger);
            t.HasTrigger(NoDeleteTrigger);
        });

        // One signature per person per revision; the database enforces it even when two requests race.
        builder.HasIndex(a => new { a.UserId, a.RevisionId }).IsUnique();

        // Covers counting a revision's signers without reading the rows (the compliance dashboard at trust scale).
        builder.HasIndex(a => new { a.RevisionId, a.UserId });
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
