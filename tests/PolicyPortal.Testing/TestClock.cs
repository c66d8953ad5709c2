namespace PolicyPortal.Testing;

/// <summary>A clock that stands still until the test moves it.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    /// <summary>Where the clock starts, and where <see cref="Reset"/> puts it back.</summary>
    public DateTimeOffset Start { get; } = start;

    /// <summary>Whether the clock still shows <see cref="Start"/>.</summary>
    public bool AtStart => _now == Start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Reset() => _now = Start;
}
