using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Diagnosis.Catalog;

/// <summary>
/// Reads the contract's enum values as the catalog data writes them: the proto value name
/// without the enum's prefix, for example <c>FACE_MISMATCH</c> for <c>CATEGORY_FACE_MISMATCH</c>.
/// The names come from the proto descriptors, so the data speaks the contract's language.
/// </summary>
internal static class ProtoEnums
{
    private static readonly FrozenDictionary<Type, EnumDescriptor> Descriptors =
        DiagnosisReflection.Descriptor.EnumTypes
            .Concat(DocumentReflection.Descriptor.EnumTypes)
            .ToFrozenDictionary(e => e.ClrType);

    /// <summary>Parses <paramref name="value"/>; the UNSPECIFIED value is never accepted.</summary>
    public static bool TryParse<T>(string? value, out T result)
        where T : struct, Enum
    {
        result = default;
        var descriptor = Descriptors[typeof(T)];
        if (string.IsNullOrEmpty(value) || value == "UNSPECIFIED")
        {
            return false;
        }

        var found = descriptor.FindValueByName(Prefix(descriptor) + value);
        if (found is null)
        {
            return false;
        }

        result = (T)Enum.ToObject(typeof(T), found.Number);
        return true;
    }

    /// <summary>The names the data may use for <typeparamref name="T"/>, for error messages.</summary>
    public static string Allowed<T>()
        where T : struct, Enum
    {
        var descriptor = Descriptors[typeof(T)];
        var prefix = Prefix(descriptor);
        return string.Join(", ", descriptor.Values.Where(v => v.Number != 0).Select(v => v.Name[prefix.Length..]));
    }

    // Every enum of the contract names its zero value <PREFIX>UNSPECIFIED.
    private static string Prefix(EnumDescriptor descriptor) =>
        descriptor.FindValueByNumber(0).Name[..^"UNSPECIFIED".Length];
}
