using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class ChainLinkConfiguration : IEntityTypeConfiguration<ChainLink>
{
    public const string NoUpdateTrigger = "TR_ChainLinks_NoUpdate";
    public const string NoDeleteTrigger = "TR_ChainLinks_NoDelete";

    public void Configure(EntityTypeBuilder<ChainLink> builder)
    {
        // The database refuses to change or delete a link, as it does a signature (hand-written triggers in the RecordChain migration).
        builder.ToTable(t =>
        {
            t.HasTrigger(NoUpdateTrigger);
            t.HasTrigger(NoDeleteTrigger);
        });

        // The portal numbers each link one after the chain head it read; two writers can never give out the same number.
        builder.HasKey(l => l.Sequence);
        builder.Property(l => l.Sequence).ValueGeneratedNever();
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.ContentSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(l => l.ChainSha256).HasMaxLength(64).IsFixedLength();

        // Each signature or event is linked once; finding the link of a row, or rows without one, reads this index.
        builder.HasIndex(l => new { l.Kind, l.EntryId }).IsUnique();
    }
}

internal sealed class ChainHeadNoticeConfiguration : IEntityTypeConfiguration<ChainHeadNotice>
{
    public void Configure(EntityTypeBuilder<ChainHeadNotice> builder)
    {
        // One a month: of two servers sending at once, the second insert fails and that server sends nothing.
        builder.HasKey(n => n.Month);
        builder.Property(n => n.Month).HasMaxLength(7);
        builder.Property(n => n.ChainSha256).HasMaxLength(64).IsFixedLength();
    }
}

internal sealed class ChainBackfillConfiguration : IEntityTypeConfiguration<ChainBackfill>
{
    public void Configure(EntityTypeBuilder<ChainBackfill> builder)
    {
        // One row a kind, written by the RecordChain migration with the largest id each table had then.
        builder.HasKey(b => b.Kind);
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(20);
    }
}
