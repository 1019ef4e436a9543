using System.Buffers;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Microsoft.Extensions.Caching.Hybrid;

namespace RealNameApi.ResultCache.Benchmarks.Candidate;

/// <summary>
/// A cached answer as HybridCache holds it. HybridCache hands out the same instance on every
/// in-process hit only for sealed types marked immutable; protobuf messages are mutable classes,
/// so without this wrapper every hit would parse a fresh copy. Answers are read-only by contract
/// (<see cref="IResultCache"/>), which is what the attribute promises.
/// </summary>
/// <param name="value">The answer, or null when the stored bytes could not be parsed.</param>
[ImmutableObject(true)]
internal sealed class CachedAnswer<T>(T? value)
    where T : class, IMessage<T>, new()
{
    public static readonly IHybridCacheSerializer<CachedAnswer<T>> Serializer = new ProtobufSerializer();

    private static readonly MessageParser<T> Parser = new(() => new T());

    /// <summary>The answer; null when Redis held bytes that are not a <typeparamref name="T"/>.</summary>
    public T? Value { get; } = value;

    // The answer's protobuf bytes, nothing else (HybridCache adds its own header in Redis).
    private sealed class ProtobufSerializer : IHybridCacheSerializer<CachedAnswer<T>>
    {
        public CachedAnswer<T> Deserialize(ReadOnlySequence<byte> source)
        {
            try
            {
                return new CachedAnswer<T>(Parser.ParseFrom(source));
            }
            catch (InvalidProtocolBufferException)
            {
                // Written by an incompatible version, or damaged: HybridCache would hand the
                // exception to the caller, so the answer is marked unreadable and recomputed.
                return new CachedAnswer<T>(null);
            }
        }

        public void Serialize(CachedAnswer<T> value, IBufferWriter<byte> target) =>
            (value.Value ?? throw new InvalidOperationException("An unreadable answer is never stored.")).WriteTo(target);
    }
}

/// <summary>Gives HybridCache the serializer of each <see cref="CachedAnswer{T}"/> type.</summary>
internal sealed class CachedAnswerSerializerFactory : IHybridCacheSerializerFactory
{
    public bool TryCreateSerializer<T>([NotNullWhen(true)] out IHybridCacheSerializer<T>? serializer)
    {
        // Once per message type (HybridCache keeps the serializer): the message type is only
        // known here as a generic argument, without the constraints CachedAnswer needs.
        serializer = typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(CachedAnswer<>)
            ? (IHybridCacheSerializer<T>?)typeof(T).GetField(nameof(CachedAnswer<Google.Protobuf.WellKnownTypes.Empty>.Serializer))!.GetValue(null)
            : null;
        return serializer is not null;
    }
}
