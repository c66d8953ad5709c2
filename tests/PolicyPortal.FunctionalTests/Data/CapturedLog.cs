using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace PolicyPortal.FunctionalTests.Data;

/// <summary>A Serilog sink, picked up by the app's ReadFrom.Services, that keeps every event and can wait for one.</summary>
internal sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();
    private readonly ConcurrentBag<(Func<LogEvent, bool> Match, TaskCompletionSource Seen)> _waiting = [];

    private static readonly MessageTemplateTextFormatter Message = new("{Message:lj}");

    public IReadOnlyCollection<LogEvent> Events => _events;

    /// <summary>The message as the console and the log file show it.</summary>
    public static string Text(LogEvent logEvent)
    {
        var output = new StringWriter();
        Message.Format(logEvent, output);
        return output.ToString();
    }

    public void AddTo(IServiceCollection services) => services.AddSingleton<ILogEventSink>(this);

    public void Emit(LogEvent logEvent)
    {
        _events.Enqueue(logEvent);
        foreach (var (match, seen) in _waiting)
        {
            if (match(logEvent))
            {
                seen.TrySetResult();
            }
        }
    }

    public Task WaitForAsync(Func<LogEvent, bool> match)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add((match, seen));
        if (_events.Any(match))
        {
            seen.TrySetResult();
        }

        return seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
