namespace RealNameApi.Diagnosis.Evaluation;

// The shape of a case file (snake_case YAML). Enum values are the contract's names without
// their prefix, as in the catalog.

internal sealed class CaseFile
{
    public string Group { get; set; } = "";

    // The least share of cases the group must get right.
    public double MinAccuracy { get; set; } = 0.95;

    // The caller's date for every case of the file, unless a case sets its own.
    public string? Today { get; set; }

    public List<Case> Cases { get; set; } = [];
}

internal sealed class Case
{
    public string Platform { get; set; } = "";

    public string? Message { get; set; }

    public string? Code { get; set; }

    public string? OccurredAt { get; set; }

    public string? Today { get; set; }

    public DocumentCase? Document { get; set; }

    public SubjectCase? Subject { get; set; }

    // The rule id the answer must have, or "unknown" for the platform's unknown diagnosis.
    public string? Expect { get; set; }

    // The outcome the answer must have; without it, the expected rule's outcome.
    public string? Outcome { get; set; }

    public RetryCase? Retry { get; set; }
}

internal sealed class DocumentCase
{
    public string? Type { get; set; }

    public string? Number { get; set; }

    public string? HolderName { get; set; }

    public string? HolderNameEn { get; set; }

    public string? IssueDate { get; set; }

    public string? ExpiryDate { get; set; }

    public bool LongTerm { get; set; }

    public List<FileCase> Files { get; set; } = [];
}

internal sealed class FileCase
{
    public string? FileName { get; set; }

    public long SizeBytes { get; set; }

    public string? DetectedFormat { get; set; }

    // Base64.
    public string? LeadingBytes { get; set; }

    public string? ColorMode { get; set; }

    public string? Channel { get; set; }
}

internal sealed class SubjectCase
{
    public string? Type { get; set; }

    public int? AccountsHeld { get; set; }

    public string? Region { get; set; }
}

internal sealed class RetryCase
{
    public string? Earliest { get; set; }

    public string? Latest { get; set; }

    public bool? Estimated { get; set; }
}
