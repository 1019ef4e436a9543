namespace RealNameApi.Rpc.Server;

/// <summary>
/// The request body could not be read because the client reset the stream or closed the connection.
/// A cancellation, so that handlers that stop on cancellation stop here too.
/// </summary>
internal sealed class ClientLeftException(IOException transportError)
    : OperationCanceledException("The client cancelled the call or closed its connection.", transportError);
