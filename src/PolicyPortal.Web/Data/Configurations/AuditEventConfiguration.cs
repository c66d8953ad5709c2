using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

/// <summary>The columns every audit trail shares, configured once; each trail's table adds its own keys and indexes.</summary>
internal abstract class AuditEventConfiguration<TEvent, TKind>(int detailMaxLength) : IEntityTypeConfiguration<TEvent>
    where TEvent : AuditEvent<TKind>
    where TKind : struct, Enum
{
    public void Configure(EntityTypeBuilder<TEvent> builder)
    {
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.ActorUserId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(e => e.Detail).HasMaxLength(detailMaxLength);
        ConfigureTrail(builder);
    }

    /// <summary>The trail's own indexes, and the links to the record it is about.</summary>
    protected abstract void ConfigureTrail(EntityTypeBuilder<TEvent> builder);
}
