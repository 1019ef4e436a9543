namespace RealNameApi.Rpc;

/// <summary>The four kinds of gRPC method, by whether each side streams.</summary>
public enum MethodType
{
    /// <summary>One request, one response.</summary>
    Unary,
    /// <summary>Many requests, one response.</summary>
    ClientStreaming,
    /// <summary>One request, many responses.</summary>
    ServerStreaming,
    /// <summary>Many requests, many responses, interleaved as each side chooses.</summary>
    DuplexStreaming,
}
