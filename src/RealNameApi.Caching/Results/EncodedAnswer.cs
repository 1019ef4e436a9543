using Google.Protobuf;

namespace RealNameApi.Caching.Results;

/// <summary>
/// A cached answer together with its protobuf encoding, made once when the answer was computed
/// or read from Redis. A service can send the encoding as it is (within its response message)
/// instead of serializing a message of many strings again on every hit.
/// </summary>
/// <remarks>Shared by every caller of the key: treat both as read-only.</remarks>
/// <typeparam name="T">The answer's message type.</typeparam>
public sealed class EncodedAnswer<T>
    where T : class, IMessage<T>
{
    /// <summary>Pairs an answer with its encoding, which must be <c>message.ToByteArray()</c>.</summary>
    public EncodedAnswer(T message, byte[] encoding)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(encoding);
        Message = message;
        Bytes = encoding;
    }

    /// <summary>Encodes <paramref name="message"/>.</summary>
    public EncodedAnswer(T message)
        : this(message, (message ?? throw new ArgumentNullException(nameof(message))).ToByteArray())
    {
    }

    /// <summary>The answer.</summary>
    public T Message { get; }

    /// <summary>The answer's protobuf encoding.</summary>
    public ReadOnlyMemory<byte> Encoding => Bytes;

    // The array itself, for the Redis write; never handed out.
    internal byte[] Bytes { get; }
}
