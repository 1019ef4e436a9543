namespace RealNameApi.Server.Memory;

/// <summary>
/// The <c>Memory</c> section: whether, and how soon, a server that has gone quiet asks the GC to
/// give the memory of a past burst back to the operating system (<see cref="IdleMemoryRelease"/>).
/// </summary>
public sealed class MemoryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Memory";

    /// <summary>Whether a quiet server runs the collections that give memory back. On by default.</summary>
    public bool ReleaseWhenIdle { get; set; } = true;

    /// <summary>
    /// How long the server must stay quiet (allocating less than <see cref="IdleAllocationBytesPerSecond"/>)
    /// before its first collection, and the first gap to the next one while it stays quiet.
    /// </summary>
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The allocation rate below which the server counts as quiet. One call a second allocates a
    /// few KB; a server with real traffic allocates megabytes a second and is left to the GC.
    /// </summary>
    public long IdleAllocationBytesPerSecond { get; set; } = 1024 * 1024;

    /// <summary>
    /// The longest gap between two collections while the server stays quiet: each collection that
    /// finds nothing to give back doubles the gap, up to this.
    /// </summary>
    public TimeSpan MaxReleaseInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The problems with these options, empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (IdleAfter < TimeSpan.FromSeconds(1))
        {
            yield return "Memory:IdleAfter must be at least 00:00:01.";
        }

        if (IdleAllocationBytesPerSecond < 0)
        {
            yield return "Memory:IdleAllocationBytesPerSecond must be 0 or more.";
        }

        if (MaxReleaseInterval < IdleAfter)
        {
            yield return "Memory:MaxReleaseInterval must be at least Memory:IdleAfter.";
        }
    }
}
