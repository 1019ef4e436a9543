using System.IO.Compression;
using Grpc.Net.Compression;

namespace RealNameApi.Server.Services;

/// <summary>
/// grpc-dotnet's <see cref="GzipCompressionProvider"/>, with a request message that is not gzip
/// answered INVALID_ARGUMENT (<see cref="RpcErrors.UndecodableRequest"/>). grpc-dotnet inflates the
/// message before any interceptor or deserializer runs and answers the inflater's
/// <see cref="InvalidDataException"/> UNKNOWN, "Exception was thrown by handler."; a compression
/// provider is the one place of its own that it lets a server hook into that step.
/// </summary>
internal sealed class CheckedGzipCompressionProvider(CompressionLevel level) : ICompressionProvider
{
    private readonly GzipCompressionProvider _gzip = new(level);

    public string EncodingName => _gzip.EncodingName;

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => _gzip.CreateCompressionStream(stream, compressionLevel);

    public Stream CreateDecompressionStream(Stream stream) => new CheckedInflater(_gzip.CreateDecompressionStream(stream));

    /// <summary>Reads through the inflater; its data errors become the call's status.</summary>
    private sealed class CheckedInflater(Stream inflater) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inflater.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                // The inflater's words are fixed sentences about the format, nothing of the data.
                throw RpcErrors.UndecodableRequest("", "gzip", e.Message);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inflater.ReadAsync(buffer, cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw RpcErrors.UndecodableRequest("", "gzip", e.Message);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inflater.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
