using System.Globalization;
using System.Net;

namespace RealNameApi.Server.Testing;

/// <summary>
/// A clock that tests can move forward at run time, so that a waiting case's retry window opens
/// without waiting days. Only with <c>Testing:Enabled=true</c>; never by default. The endpoint that
/// moves it answers loopback callers only.
/// </summary>
public static partial class TestClock
{
    /// <summary>The setting that turns the test clock on.</summary>
    public const string EnabledKey = "Testing:Enabled";

    /// <summary>The path that moves the clock: <c>POST /testing/clock/advance?seconds=N</c>.</summary>
    public const string AdvancePath = "/testing/clock/advance";

    private const double MaxSeconds = 3653 * 86_400.0;

    /// <summary>
    /// With <c>Testing:Enabled=true</c>, makes a <see cref="ShiftableTimeProvider"/> the
    /// <see cref="TimeProvider"/> every service takes (the last registration wins over the
    /// <see cref="TimeProvider.System"/> fallback of the caching services), and serves
    /// <c>POST /testing/clock/advance?seconds=N</c>, which moves it forward by N seconds (0 to ten
    /// years) and answers its new time. Otherwise does nothing.
    /// </summary>
    public static IServiceCollection AddTestClock(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetValue<bool>(EnabledKey))
        {
            var clock = new ShiftableTimeProvider(TimeProvider.System);
            services.AddSingleton(clock);
            services.AddSingleton<TimeProvider>(clock);
            services.AddTransient<IStartupFilter, TestClockStartupFilter>();
        }
        return services;
    }

    private sealed class TestClockStartupFilter(ShiftableTimeProvider clock, ILogger<TestClockStartupFilter> logger) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            Log.Enabled(logger);
            app.Map(AdvancePath, branch => branch.Run(Advance));
            next(app);
        };

        private async Task Advance(HttpContext context)
        {
            var response = context.Response;
            if (context.Connection.RemoteIpAddress is not { } address || !IPAddress.IsLoopback(address))
            {
                response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            response.ContentType = "text/plain; charset=utf-8";
            if (!double.TryParse(context.Request.Query["seconds"], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                || !double.IsFinite(seconds) || seconds < 0 || seconds > MaxSeconds)
            {
                response.StatusCode = StatusCodes.Status400BadRequest;
                await response.WriteAsync($"seconds must be a number from 0 to {MaxSeconds} (ten years)\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }
            clock.Advance(TimeSpan.FromSeconds(seconds));
            Log.Advanced(logger, seconds);
            await response.WriteAsync(clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) + "\n", context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(201, LogLevel.Warning, "Testing:Enabled is set: the server's clock can be moved forward through POST /testing/clock/advance. Never set it in production")]
        public static partial void Enabled(ILogger logger);

        [LoggerMessage(202, LogLevel.Information, "Test clock moved forward by {Seconds} s")]
        public static partial void Advanced(ILogger logger, double seconds);
    }
}
