using Google.Protobuf;

namespace RealNameApi.Caching.Results;

/// <summary>
/// A cached answer as its protobuf encoding, made once when the answer was computed or read from
/// Redis. A service can send the encoding as it is (within its response message) instead of
/// serializing a message of many strings again on every hit.
/// </summary>
/// <remarks>
/// The in-process tier holds answers in this form: a byte array is one object for the garbage
/// collector, where a parsed diagnosis is a hundred or so, and a stream of answers computed once
/// and never asked for again kept the collector busier than the engine. The message is parsed
/// from the bytes when first read, and kept from then on: only entries that are hit hold one.
/// Shared by every caller of the key: treat both as read-only.
/// </remarks>
/// <typeparam name="T">The answer's message type.</typeparam>
public sealed class EncodedAnswer<T>
    where T : class, IMessage<T>, new()
{
    private static readonly MessageParser<T> Parser = new(() => new T());

    private T? _message;

    /// <summary>Encodes <paramref name="message"/>.</summary>
    public EncodedAnswer(T message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _message = message;
        Bytes = message.ToByteArray();
    }

    private EncodedAnswer(T? message, byte[] encoding)
    {
        _message = message;
        Bytes = encoding;
    }

    /// <summary>The answer, parsed from <see cref="Encoding"/> on first use.</summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes do not parse (only for bytes given to <see cref="FromBytes"/>).</exception>
    public T Message
    {
        get
        {
            var message = Volatile.Read(ref _message);
            if (message is null)
            {
                // Two first readers may both parse; either answer is the same message.
                message = Parser.ParseFrom(Bytes);
                Interlocked.CompareExchange(ref _message, message, null);
            }
            return message;
        }
    }

    /// <summary>The answer's protobuf encoding.</summary>
    public ReadOnlyMemory<byte> Encoding => Bytes;

    // The array itself, for the Redis write and the in-process entry; never handed out.
    internal byte[] Bytes { get; }

    /// <summary>An answer of known-good bytes, parsed only when its message is read.</summary>
    internal static EncodedAnswer<T> FromBytes(byte[] encoding) => new(null, encoding);

    /// <summary>A message already parsed from <paramref name="encoding"/>.</summary>
    internal static EncodedAnswer<T> Parsed(T message, byte[] encoding) => new(message, encoding);
}
