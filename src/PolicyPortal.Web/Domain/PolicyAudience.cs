namespace PolicyPortal.Web.Domain;

/// <summary>Who must sign a policy. The Principal counts as staff: the policy names headteachers and principals.</summary>
[Flags]
public enum PolicyAudience
{
    None = 0,
    Staff = 1,
    Governors = 2,
    StaffAndGovernors = Staff | Governors,
}
