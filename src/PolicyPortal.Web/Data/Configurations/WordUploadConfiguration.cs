using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class WordUploadConfiguration : IEntityTypeConfiguration<WordUpload>
{
    public void Configure(EntityTypeBuilder<WordUpload> builder)
    {
        builder.Property(u => u.FileName).HasMaxLength(WordUpload.FileNameMaxLength);
        builder.Property(u => u.UploadedByUserId).HasMaxLength(450);
        builder.HasIndex(u => u.Batch);
        builder.HasIndex(u => u.UploadedAtUtc);
    }
}
