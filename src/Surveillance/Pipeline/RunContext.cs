using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Ingest;

namespace Surveillance.Pipeline;

/// <summary>Where a run reads from and writes to, and its clock.</summary>
public sealed record RunOptions(string InputDirectory, string OutputDirectory, string RulesDirectory, string? DatabasePath, IClock Clock);

/// <summary>
/// What the stages of one run share. Ingestion sets <see cref="Data"/> and <see cref="Quality"/>; later stages read
/// them and hand their own results on through <see cref="Set{T}"/> / <see cref="Get{T}"/> (e.g. profiles set
/// <see cref="AccountGroups"/>, detection gets them).
/// </summary>
public sealed class RunContext(RunOptions options)
{
    private readonly Dictionary<Type, object> _results = [];
    private IDataSource? _data;

    public RunOptions Options { get; } = options;

    public string InputDirectory => Options.InputDirectory;

    public string OutputDirectory => Options.OutputDirectory;

    public string RulesDirectory => Options.RulesDirectory;

    public IClock Clock => Options.Clock;

    /// <summary>The clean data; set by the ingest stage, so every later stage can rely on it.</summary>
    public IDataSource Data
    {
        get => _data ?? throw new InvalidOperationException("no data yet: the ingest stage must run first");
        set => _data = value;
    }

    public QualityReport? Quality { get; set; }

    /// <summary>Every alert raised so far in the run, by any stage (detection, anomalies, suitability).</summary>
    public List<Alert> Alerts { get; } = [];

    /// <summary>Hands a stage's result to later stages (one value per type).</summary>
    public void Set<T>(T value)
        where T : class => _results[typeof(T)] = value;

    public T Get<T>()
        where T : class =>
        TryGet<T>() ?? throw new InvalidOperationException($"no {typeof(T).Name} in the run: the stage that makes it has not run");

    public T? TryGet<T>()
        where T : class => _results.TryGetValue(typeof(T), out var value) ? (T)value : null;
}

/// <summary>One step of <c>surveil run</c>: a name for the log and what it does with the shared context.</summary>
public sealed record RunStage(string Name, Action<RunContext> Execute);
