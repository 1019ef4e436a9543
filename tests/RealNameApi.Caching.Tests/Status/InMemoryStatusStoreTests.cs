using Microsoft.Extensions.Logging.Abstractions;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Status;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>The embedded default's store.</summary>
public sealed class InMemoryStatusStoreTests : StatusStoreBehaviour
{
    private InMemoryStatusStore? _store;

    // One store per test, like one process.
    protected override IVerificationStatusStore NewStore(StatusOptions? options = null) =>
        _store ??= new InMemoryStatusStore(Hasher, options ?? new StatusOptions(), Time, NullLogger<InMemoryStatusStore>.Instance);
}
