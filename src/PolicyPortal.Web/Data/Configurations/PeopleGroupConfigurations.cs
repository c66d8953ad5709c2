using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Configurations;

internal sealed class PeopleGroupConfiguration : IEntityTypeConfiguration<PeopleGroup>
{
    public void Configure(EntityTypeBuilder<PeopleGroup> builder)
    {
        builder.ToTable("Groups");
        builder.Property(g => g.Name).HasMaxLength(PeopleGroup.NameMaxLength);
        builder.Property(g => g.NormalizedName).HasMaxLength(PeopleGroup.NameMaxLength);
        builder.HasIndex(g => g.NormalizedName).IsUnique();
    }
}

internal sealed class GroupMemberConfiguration : IEntityTypeConfiguration<GroupMember>
{
    public void Configure(EntityTypeBuilder<GroupMember> builder)
    {
        builder.HasKey(m => new { m.GroupId, m.UserId });
        // Who is in a person's groups is asked on every page (the banner of policies to sign), so by person first.
        builder.HasIndex(m => new { m.UserId, m.GroupId });
        builder.HasOne(m => m.Group).WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PolicyGroupConfiguration : IEntityTypeConfiguration<PolicyGroup>
{
    public void Configure(EntityTypeBuilder<PolicyGroup> builder)
    {
        builder.HasKey(g => new { g.PolicyId, g.GroupId });
        // A group a policy is asked of cannot be removed until no policy is.
        builder.HasOne<PeopleGroup>().WithMany().HasForeignKey(g => g.GroupId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AccountEventConfiguration() : AuditEventConfiguration<AccountEvent, AccountEventKind>(AccountEvent.DetailMaxLength)
{
    protected override void ConfigureTrail(EntityTypeBuilder<AccountEvent> builder)
    {
        builder.Property(e => e.SubjectUserId).HasMaxLength(450);
        builder.Property(e => e.SubjectName).HasMaxLength(PortalUser.FullNameMaxLength);
        builder.HasIndex(e => new { e.SubjectUserId, e.AtUtc });
        builder.HasIndex(e => e.AtUtc);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(e => e.SubjectUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
