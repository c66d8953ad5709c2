using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.FullName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(u => u.JobTitle).HasMaxLength(PortalUser.JobTitleMaxLength);
        builder.Ignore(u => u.IsActive);
        builder.HasIndex(u => u.DeactivatedAtUtc);
    }
}
