using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using RealNameApi.Caching.Results;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Server.Services;

/// <summary>
/// <c>Diagnose</c>'s answer as it goes out: a <c>DiagnoseResponse</c> whose diagnosis is the
/// encoding the result cache keeps with the entry. A cache hit then copies about 4 KB instead of
/// serializing a message of many strings, which was 14% of a hit's server CPU (perf, under
/// h2load); the bytes are those <c>DiagnoseResponse.ToByteArray()</c> writes.
/// </summary>
public sealed class DiagnoseReply(EncodedAnswer<Contracts.V1.Diagnosis> diagnosis, CaseRecording recording)
{
    private static readonly uint DiagnosisTag = WireFormat.MakeTag(DiagnoseResponse.DiagnosisFieldNumber, WireFormat.WireType.LengthDelimited);
    private static readonly uint RecordingTag = WireFormat.MakeTag(DiagnoseResponse.RecordingFieldNumber, WireFormat.WireType.Varint);

    /// <summary>The diagnosis and its encoding.</summary>
    public EncodedAnswer<Contracts.V1.Diagnosis> Diagnosis { get; } = diagnosis;

    /// <summary>Whether the case was recorded.</summary>
    public CaseRecording Recording { get; } = recording;

    /// <summary>Writes and reads the reply as a <c>realname.v1.DiagnoseResponse</c>.</summary>
    public static Marshaller<DiagnoseReply> Marshaller { get; } = new(Serialize, Deserialize);

    /// <summary>The reply as the message it stands for.</summary>
    public DiagnoseResponse ToResponse() => new() { Diagnosis = Diagnosis.Message, Recording = Recording };

    // Field by field as protobuf writes DiagnoseResponse: diagnosis (1) then recording (2), which
    // is left out at its default, NOT_REQUESTED.
    private static void Serialize(DiagnoseReply reply, SerializationContext context)
    {
        var diagnosis = reply.Diagnosis.Encoding.Span;
        var recording = (int)reply.Recording;
        var length = CodedOutputStream.ComputeRawVarint32Size(DiagnosisTag) + CodedOutputStream.ComputeLengthSize(diagnosis.Length) + diagnosis.Length
            + (recording == 0 ? 0 : CodedOutputStream.ComputeRawVarint32Size(RecordingTag) + CodedOutputStream.ComputeEnumSize(recording));
        context.SetPayloadLength(length);
        var writer = context.GetBufferWriter();
        var span = writer.GetSpan(length)[..length];
        var rest = WriteVarint(span, DiagnosisTag);
        rest = WriteVarint(rest, (uint)diagnosis.Length);
        diagnosis.CopyTo(rest);
        rest = rest[diagnosis.Length..];
        if (recording != 0)
        {
            rest = WriteVarint(rest, RecordingTag);
            // An enum is an int32 varint; CaseRecording's values are small and positive.
            rest = WriteVarint(rest, (uint)recording);
        }
        writer.Advance(length - rest.Length);
        context.Complete();
    }

    private static DiagnoseReply Deserialize(DeserializationContext context)
    {
        var response = DiagnoseResponse.Parser.ParseFrom(context.PayloadAsReadOnlySequence());
        return new DiagnoseReply(new EncodedAnswer<Contracts.V1.Diagnosis>(response.Diagnosis ?? new Contracts.V1.Diagnosis()), response.Recording);
    }

    private static Span<byte> WriteVarint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return destination[i..];
    }
}
