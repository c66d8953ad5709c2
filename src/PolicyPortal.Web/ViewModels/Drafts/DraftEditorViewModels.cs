namespace PolicyPortal.Web.ViewModels.Drafts;

/// <summary>The draft editor's autosave, done: the draft's new stamp for the form, and the school's time of day it was saved.</summary>
public sealed record DraftAutosaved(Guid Stamp, string SavedAt);

/// <summary>Why the draft editor's script was refused, in words it shows as they are.</summary>
public sealed record DraftEditorRefusal(string Problem);
