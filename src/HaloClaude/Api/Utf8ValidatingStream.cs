using System.Text;

using HaloClaude.Translation;

namespace HaloClaude.Api;

/// <summary>A read-only view of the request body that fails with a 400 as soon as a byte sequence is not UTF-8.</summary>
/// <remarks>The JSON reader checks UTF-8 only in the strings it decodes, so invalid bytes in a member the proxy keeps raw
/// (schemas, tool parameters) or ignores would otherwise pass, or fail much later as a 500. Checking as the bytes stream
/// through costs no copy of the body; the decoder carries a sequence split between two reads.</remarks>
public sealed class Utf8ValidatingStream(Stream inner) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Check(buffer.Span[..read], flush: read == 0);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Check(buffer.AsSpan(offset, read), flush: read == 0);
        return read;
    }

    private void Check(ReadOnlySpan<byte> bytes, bool flush)
    {
        try
        {
            _decoder.GetCharCount(bytes, flush);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidRequestException("The request body is not valid UTF-8 text.", null);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
