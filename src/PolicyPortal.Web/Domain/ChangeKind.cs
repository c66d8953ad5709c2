namespace PolicyPortal.Web.Domain;

/// <summary>How much a revision changes the policy, which decides its version number and who must sign again.</summary>
public enum ChangeKind
{
    /// <summary>The policy's first text: version 1.0, everyone in scope signs.</summary>
    Initial,

    /// <summary>Wording or formatting: the minor number goes up (1.0 to 1.1) and existing signatures still count.</summary>
    Minor,

    /// <summary>A change of substance: the major number goes up (1.1 to 2.0) and everyone in scope signs again.</summary>
    Material,
}
