namespace PolicyPortal.Testing;

/// <summary>A clock that stands still until the test moves it.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>Where every test host's clock starts: a Tuesday morning in term.</summary>
    public static readonly DateTimeOffset TestStart = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    public TestClock()
        : this(TestStart)
    {
    }

    private DateTimeOffset _now = start;

    /// <summary>Where the clock starts, and where <see cref="Reset"/> puts it back.</summary>
    public DateTimeOffset Start { get; } = start;

    /// <summary>Whether the clock still shows <see cref="Start"/>.</summary>
    public bool AtStart => _now == Start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Reset() => _now = Start;
}
