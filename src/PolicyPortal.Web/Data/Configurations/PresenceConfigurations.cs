using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class PresenceRequestConfiguration : IEntityTypeConfiguration<PresenceRequest>
{
    public void Configure(EntityTypeBuilder<PresenceRequest> builder)
    {
        builder.Property(p => p.RequesterUserId).HasMaxLength(450);
        builder.Property(p => p.RequesterName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(p => p.Platform).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.OtherPlatformName).HasMaxLength(PresenceRequest.HandleMaxLength);
        builder.Property(p => p.Handle).HasMaxLength(PresenceRequest.HandleMaxLength);
        builder.Property(p => p.Address).HasMaxLength(PresenceRequest.AddressMaxLength);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Purpose).HasMaxLength(PresenceRequest.TextMaxLength);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.DecisionNote).HasMaxLength(PresenceRequest.TextMaxLength);
        builder.Property(p => p.DecidedByName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(p => new { p.RequesterUserId, p.Status });
        builder.HasIndex(p => new { p.Status, p.ApprovedUntil });
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.RequesterUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Timeline).WithOne(e => e.Request).HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(p => p.Timeline).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.PlatformName);
        builder.Ignore(p => p.JustRecorded);
    }
}

internal sealed class PresenceEventConfiguration() : AuditEventConfiguration<PresenceEvent, PresenceEventKind>(PresenceEvent.DetailMaxLength)
{
    protected override void ConfigureTrail(EntityTypeBuilder<PresenceEvent> builder)
    {
        builder.HasIndex(e => e.RequestId);
    }
}
