using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class AccountChangeConfiguration : IEntityTypeConfiguration<AccountChange>
{
    public void Configure(EntityTypeBuilder<AccountChange> builder)
    {
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.SubjectUserId).HasMaxLength(450);
        builder.Property(c => c.SubjectName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(c => c.FullName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(c => c.Email).HasMaxLength(PersonDetails.EmailMaxLength);
        builder.Property(c => c.JobTitle).HasMaxLength(PortalUser.JobTitleMaxLength);
        builder.Property(c => c.Roles).HasMaxLength(100);
        builder.Property(c => c.BeforeFullName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(c => c.BeforeEmail).HasMaxLength(PersonDetails.EmailMaxLength);
        builder.Property(c => c.BeforeJobTitle).HasMaxLength(PortalUser.JobTitleMaxLength);
        builder.Property(c => c.BeforeRoles).HasMaxLength(100);
        builder.Property(c => c.AskedByUserId).HasMaxLength(450);
        builder.Property(c => c.AskedByName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(c => c.DecidedByUserId).HasMaxLength(450);
        builder.Property(c => c.DecidedByName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();

        // The governors' list and the menu's count read the waiting ones; a person's page, theirs.
        builder.HasIndex(c => new { c.Status, c.AskedAtUtc });
        builder.HasIndex(c => c.SubjectUserId);

        // One change waits for a governor about each person, even when two are asked for at the same moment.
        builder.HasIndex(c => c.SubjectUserId, "IX_AccountChanges_Waiting_SubjectUserId").IsUnique().HasFilter("Status = 'Waiting'");
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.SubjectUserId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(c => c.Before);
        builder.Ignore(c => c.After);
    }
}
