namespace RealNameApi.Caching.Keys;

/// <summary>
/// The key of one cached answer: the key prefix, the tenant's namespace, the kind of answer and a keyed hash of what the
/// answer depends on. Made by <see cref="KeyedHasher.ResultKey"/>; it holds nothing of the request.
/// </summary>
public readonly struct ResultCacheKey : IEquatable<ResultCacheKey>
{
    internal ResultCacheKey(string value) => Value = value;

    /// <summary>The key as stored in Redis, for example <c>realname:v1:t:Qx3…:result:diagnose:3q2-…</c>: the tenant (not a hash tag: answers spread over a cluster's shards), the kind, the hash.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public bool Equals(ResultCacheKey other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ResultCacheKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <summary>Whether two keys are the same.</summary>
    public static bool operator ==(ResultCacheKey left, ResultCacheKey right) => left.Equals(right);

    /// <summary>Whether two keys differ.</summary>
    public static bool operator !=(ResultCacheKey left, ResultCacheKey right) => !left.Equals(right);
}
