using System.Collections;

namespace RealNameApi.Rpc;

/// <summary>
/// Custom metadata of a call: request headers, response headers or trailers. Keys are lower-case
/// ASCII (<c>0-9 a-z _ - .</c>); a key ending in <c>-bin</c> holds bytes (base64 on the wire), any
/// other key holds printable ASCII. Keys may repeat.
/// </summary>
public sealed class Metadata : IEnumerable<Metadata.Entry>
{
    /// <summary>The suffix that marks a binary key.</summary>
    public const string BinarySuffix = "-bin";

    private readonly List<Entry> _entries = [];

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds an ASCII entry.</summary>
    /// <exception cref="ArgumentException">The key is malformed, ends in <c>-bin</c>, or the value is not printable ASCII.</exception>
    public Metadata Add(string key, string value)
    {
        _entries.Add(new Entry(key, value));
        return this;
    }

    /// <summary>Adds a binary entry; the key must end in <c>-bin</c>.</summary>
    /// <exception cref="ArgumentException">The key is malformed or does not end in <c>-bin</c>.</exception>
    public Metadata Add(string key, byte[] value)
    {
        _entries.Add(new Entry(key, value));
        return this;
    }

    /// <summary>The first ASCII value under <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key)
    {
        foreach (var entry in _entries)
        {
            if (!entry.IsBinary && string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }
        return null;
    }

    /// <summary>The first binary value under <paramref name="key"/>, or null.</summary>
    public byte[]? GetValueBytes(string key)
    {
        foreach (var entry in _entries)
        {
            if (entry.IsBinary && string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.ValueBytes;
            }
        }
        return null;
    }

    /// <summary>Every entry under <paramref name="key"/>, in order.</summary>
    public IEnumerable<Entry> GetAll(string key) =>
        _entries.Where(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static bool IsBinaryKey(string key) => key.EndsWith(BinarySuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>One metadata entry: a key with either an ASCII or a binary value.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _valueBytes;

        internal Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Metadata key '{Key}' ends in '-bin' and needs a byte[] value.", nameof(key));
            }
            ArgumentNullException.ThrowIfNull(value);
            foreach (var c in value)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException($"The value of metadata key '{Key}' must be printable ASCII.", nameof(value));
                }
            }
            _value = value;
        }

        internal Entry(string key, byte[] value)
        {
            Key = NormalizeKey(key);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Metadata key '{Key}' holds bytes, so it must end in '-bin'.", nameof(key));
            }
            ArgumentNullException.ThrowIfNull(value);
            _valueBytes = value;
        }

        /// <summary>The lower-case key.</summary>
        public string Key { get; }

        /// <summary>Whether the value is binary (the key ends in <c>-bin</c>).</summary>
        public bool IsBinary => _valueBytes is not null;

        /// <summary>The ASCII value.</summary>
        /// <exception cref="InvalidOperationException">The entry is binary.</exception>
        public string Value => _value ?? throw new InvalidOperationException($"Metadata entry '{Key}' is binary; read ValueBytes.");

        /// <summary>The binary value.</summary>
        /// <exception cref="InvalidOperationException">The entry is ASCII.</exception>
        public byte[] ValueBytes => _valueBytes ?? throw new InvalidOperationException($"Metadata entry '{Key}' is ASCII; read Value.");

        /// <inheritdoc />
        public override string ToString() => IsBinary ? $"{Key}: <{_valueBytes!.Length} bytes>" : $"{Key}: <{_value!.Length} chars>";

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            var normalized = key.ToLowerInvariant();
            foreach (var c in normalized)
            {
                if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' or '.'))
                {
                    throw new ArgumentException($"Metadata key '{key}' may only hold 0-9, a-z, '_', '-' and '.'.", nameof(key));
                }
            }
            return normalized;
        }
    }
}
