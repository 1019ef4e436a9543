namespace RealNameApi.Diagnosis.Validation;

/// <summary>
/// One bad field of a request: its path (for example <c>document.files[2].size_bytes</c>) and
/// what is wrong. The description never repeats the value, which may be personal data.
/// </summary>
public sealed record FieldViolation(string Field, string Description);
