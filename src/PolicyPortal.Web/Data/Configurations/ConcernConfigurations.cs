using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class ConcernConfiguration : IEntityTypeConfiguration<Concern>
{
    public void Configure(EntityTypeBuilder<Concern> builder)
    {
        builder.Property(c => c.PublicId).HasMaxLength(Concern.PublicIdLength).IsFixedLength();
        builder.HasIndex(c => c.PublicId).IsUnique();
        builder.Property(c => c.ReporterUserId).HasMaxLength(450);
        builder.Property(c => c.ReporterName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(c => c.WhatWasSeen).HasMaxLength(Concern.TextMaxLength);
        builder.Property(c => c.Address).HasMaxLength(Concern.AddressMaxLength);
        builder.Property(c => c.Concerning).HasMaxLength(Concern.ConcerningMaxLength);
        builder.Property(c => c.ConcerningUserId).HasMaxLength(450);
        builder.Property(c => c.PolicySection).HasMaxLength(Concern.SectionMaxLength);
        builder.Property(c => c.Handler).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.OutcomeNote).HasMaxLength(Concern.TextMaxLength);
        builder.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(c => new { c.Handler, c.Status });
        builder.HasIndex(c => c.ReporterUserId);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.ReporterUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Policy>().WithMany().HasForeignKey(c => c.PolicyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Timeline).WithOne(e => e.Concern).HasForeignKey(e => e.ConcernId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.Timeline).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ConcernEventConfiguration() : AuditEventConfiguration<ConcernEvent, ConcernEventKind>(ConcernEvent.DetailMaxLength)
{
    protected override void ConfigureTrail(EntityTypeBuilder<ConcernEvent> builder)
    {
        builder.HasIndex(e => e.ConcernId);
    }
}
