using System.Buffers;
using System.Text.Json;

namespace Clamator.Transport;

/// <summary>
/// Writers and buffers for envelopes, reused across calls so that a busy client allocates only the bytes it sends.
/// A few are kept; one that grew past <see cref="MaxKeptBytes"/> is dropped.
/// </summary>
internal sealed class EnvelopeBuffers
{
    /// <summary>A buffer grown larger than this (a big params object) is not kept.</summary>
    public const int MaxKeptBytes = 16 * 1024;

    private readonly ReusePool<Lease> _kept = new();

    /// <summary>Takes a writer over an empty buffer; give it back with <see cref="Return"/>.</summary>
    public Lease Rent()
    {
        if (_kept.TryTake() is { } lease)
        {
            lease.Reset();
            return lease;
        }

        return new Lease();
    }

    /// <summary>Gives a lease back; it must not be used afterwards.</summary>
    public void Return(Lease lease)
    {
        if (lease.Buffer.Capacity > MaxKeptBytes || !_kept.TryKeep(lease))
        {
            lease.Writer.Dispose();
        }
    }

    /// <summary>A writer and the buffer it writes to.</summary>
    internal sealed class Lease
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(256);

        public Utf8JsonWriter Writer { get; }

        public Lease() => Writer = new Utf8JsonWriter(Buffer, EnvelopeWriter.WriterOptions);

        public void Reset()
        {
            Buffer.ResetWrittenCount();
            Writer.Reset(Buffer);
        }
    }
}
