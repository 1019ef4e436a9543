using Google.Protobuf;
using RealNameApi.Caching.Keys;

namespace RealNameApi.Caching.Results;

/// <summary>
/// Caches computed answers (protobuf messages) under keys made by <see cref="KeyedHasher"/>: an
/// in-process tier in front of Redis, one computation per key at a time, and Redis failures never
/// reaching the caller (the answer is then computed directly).
/// </summary>
/// <remarks>
/// The returned message may be shared with other callers: treat it as read-only, and
/// <c>Clone()</c> it before changing it.
/// </remarks>
public interface IResultCache
{
    /// <summary>Returns the cached answer for <paramref name="key"/>, or computes, caches and returns it.</summary>
    /// <param name="key">The key of the answer.</param>
    /// <param name="compute">Computes the answer; called at most once at a time per key.</param>
    /// <param name="cancellationToken">Stops this caller's wait; a computation others wait for goes on.</param>
    ValueTask<T> GetOrCreateAsync<T>(ResultCacheKey key, Func<T> compute, CancellationToken cancellationToken = default)
        where T : class, IMessage<T>, new();

    /// <summary>
    /// Returns the cached answer for <paramref name="key"/>, or computes it from
    /// <paramref name="state"/>, caches and returns it. With a static lambda this overload
    /// allocates nothing on an in-process hit.
    /// </summary>
    /// <param name="key">The key of the answer.</param>
    /// <param name="state">What <paramref name="compute"/> needs, such as the request.</param>
    /// <param name="compute">Computes the answer; called at most once at a time per key.</param>
    /// <param name="cancellationToken">Stops this caller's wait; a computation others wait for goes on.</param>
    ValueTask<T> GetOrCreateAsync<TState, T>(ResultCacheKey key, TState state, Func<TState, T> compute, CancellationToken cancellationToken = default)
        where T : class, IMessage<T>, new();

    /// <summary>
    /// As <see cref="GetOrCreateAsync{TState, T}"/>, with the answer's encoding, for a caller that
    /// sends the answer as it is. <see cref="ResultCache"/> keeps the encoding with the entry, so
    /// a hit encodes nothing and allocates nothing; this default encodes on every call.
    /// </summary>
    /// <param name="key">The key of the answer.</param>
    /// <param name="state">What <paramref name="compute"/> needs, such as the request.</param>
    /// <param name="compute">Computes the answer; called at most once at a time per key.</param>
    /// <param name="cancellationToken">Stops this caller's wait; a computation others wait for goes on.</param>
    async ValueTask<EncodedAnswer<T>> GetOrCreateEncodedAsync<TState, T>(ResultCacheKey key, TState state, Func<TState, T> compute, CancellationToken cancellationToken = default)
        where T : class, IMessage<T>, new() =>
        new(await GetOrCreateAsync(key, state, compute, cancellationToken).ConfigureAwait(false));
}
