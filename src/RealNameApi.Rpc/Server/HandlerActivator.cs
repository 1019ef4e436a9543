using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RealNameApi.Rpc.Server;

/// <summary>
/// Gets a handler instance for a call: from DI when the type is registered (DI owns its lifetime),
/// otherwise created per call with its constructor dependencies from DI and disposed afterwards.
/// </summary>
internal sealed class HandlerActivator<THandler>
    where THandler : class
{
    private readonly ObjectFactory<THandler>? _factory;

    public HandlerActivator(IServiceProvider services)
    {
        var registered = services.GetService<IServiceProviderIsService>()?.IsService(typeof(THandler)) == true;
        _factory = registered ? null : ActivatorUtilities.CreateFactory<THandler>([]);
    }

    public THandler Create(HttpContext http) =>
        _factory is null ? http.RequestServices.GetRequiredService<THandler>() : _factory(http.RequestServices, null);

    public ValueTask ReleaseAsync(THandler handler)
    {
        if (_factory is null)
        {
            return ValueTask.CompletedTask;
        }
        if (handler is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }
        (handler as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
