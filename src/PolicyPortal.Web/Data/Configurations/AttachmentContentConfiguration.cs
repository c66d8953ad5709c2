using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class AttachmentContentConfiguration : IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<AttachmentContent> builder)
    {
        builder.HasKey(c => c.Sha256);
        builder.Property(c => c.Sha256).HasMaxLength(64).IsFixedLength();
    }
}
