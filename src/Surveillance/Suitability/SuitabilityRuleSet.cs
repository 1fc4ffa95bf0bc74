using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.RegularExpressions;
using DynamicExpresso;
using DynamicExpresso.Exceptions;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Rules;

namespace Surveillance.Suitability;

public enum RuleSeverity
{
    /// <summary>The sale must not happen; nothing overrides it.</summary>
    Unsuitable,

    /// <summary>The sale may go ahead with a written risk warning and the customer's confirmation.</summary>
    Warning,
}

/// <summary>What a rule is about; the post-trade scan turns <see cref="Quantitative"/> rules into excessive-trading alerts.</summary>
public enum RuleCategory { RiskMatching, Assessment, Eligibility, Complexity, SpecialCare, Concentration, Quantitative }

/// <summary>
/// A suitability rule as written in <c>rules/suitability/rules.json</c> (see <c>rules/suitability/schema.json</c>).
/// <see cref="When"/> is a C#-like boolean expression (DynamicExpresso) over the facts in <see cref="RuleFacts.Names"/>
/// and this rule's <see cref="Parameters"/>; the rule fires when it is true.
/// </summary>
public sealed record SuitabilityRuleDefinition(
    string Id,
    int Version,
    LocalDate EffectiveFrom,
    LocalDate? EffectiveTo,
    RuleCategory Category,
    RuleSeverity Severity,
    bool RequiresOverride,
    string Citation,
    string When,
    Dictionary<string, decimal> Parameters,
    LocalizedText Message);

/// <summary>Parameters of the post-trade scan.</summary>
/// <param name="RecommendationWindowDays">A purchase within this many days after a proactive recommendation of the same product counts as proactive.</param>
/// <param name="OverrideValidityDays">An approved override covers purchases of its product by its customer for this many days after approval.</param>
/// <param name="RequireRecordedOverride">
/// True: a customer-initiated purchase above the customer's level is an unsuitable sale unless an approved override
/// is in our check log. False for brokers whose warnings and confirmations are kept in another system.
/// </param>
public sealed record SuitabilityScanParameters(int RecommendationWindowDays, int OverrideValidityDays, bool RequireRecordedOverride);

public sealed record SuitabilityRuleSetDefinition(
    string RuleSetVersion,
    SuitabilityScanParameters Scan,
    List<SuitabilityRuleDefinition> Rules);

/// <summary>
/// One comparison inside a rule's condition, found when the rule is compiled, so that a verdict or alert can show
/// the threshold and the measured value without the rule author listing them twice. Read as
/// "<see cref="Fact"/> <see cref="Comparison"/> <see cref="Threshold"/>", the way the condition fires.
/// </summary>
public sealed record RuleComparison(string Fact, string Comparison, string Threshold, Func<RuleFacts, decimal> Measured, Func<RuleFacts, decimal> ThresholdValue)
{
    /// <summary>"fact op", as <see cref="Detection.ThresholdCheck.Comparison"/> shows it.</summary>
    public string Label { get; } = Fact + " " + Comparison;
}

/// <summary>A rule checked and compiled once at load; <see cref="Fires"/> is a compiled delegate, cheap to call.</summary>
public sealed class SuitabilityRule
{
    internal SuitabilityRule(SuitabilityRuleDefinition definition, Func<RuleFacts, bool> fires, ImmutableArray<RuleComparison> comparisons)
    {
        Definition = definition;
        Fires = fires;
        Comparisons = comparisons;
        WithoutThresholds = new FiredRule(definition.Id, definition.Version, definition.Severity, definition.RequiresOverride, definition.Citation, definition.Message, []);
    }

    /// <summary>How the rule shows in a verdict that does not carry measured values (campaigns): shared, never reallocated.</summary>
    public FiredRule WithoutThresholds { get; }

    public SuitabilityRuleDefinition Definition { get; }

    public string Id => Definition.Id;

    public RuleSeverity Severity => Definition.Severity;

    public Func<RuleFacts, bool> Fires { get; }

    public ImmutableArray<RuleComparison> Comparisons { get; }

    public bool InEffectOn(LocalDate date) => date >= Definition.EffectiveFrom && (Definition.EffectiveTo is not { } to || date <= to);
}

/// <summary>
/// A loaded, validated and compiled set of suitability rules. Loading fails with file, line and reason on the first
/// problem: malformed JSON, a missing member, an unknown fact or parameter, an unused parameter, a misspelt code.
/// </summary>
public sealed partial class SuitabilityRuleSet
{
    public const string FileName = "rules.json";
    public const string Folder = "suitability";

    private readonly ConcurrentDictionary<LocalDate, SuitabilityRule[]> _activeOn = new();

    private SuitabilityRuleSet(string source, string version, SuitabilityScanParameters scan, ImmutableArray<SuitabilityRule> rules)
    {
        Source = source;
        Version = version;
        Scan = scan;
        Rules = rules;
    }

    /// <summary>The file the rules came from.</summary>
    public string Source { get; }

    public string Version { get; }

    public SuitabilityScanParameters Scan { get; }

    public ImmutableArray<SuitabilityRule> Rules { get; }

    /// <summary>Loads <c>DIR/suitability/rules.json</c>.</summary>
    public static SuitabilityRuleSet Load(string rulesDirectory)
    {
        var path = Path.Combine(rulesDirectory, Folder, FileName);
        if (!File.Exists(path))
        {
            throw new RuleFileException(path, null, "file not found");
        }

        return Parse(path, File.ReadAllText(path));
    }

    public static SuitabilityRuleSet Parse(string path, string json)
    {
        var definition = RuleFile.Parse<SuitabilityRuleSetDefinition>(path, json);
        var lines = new RuleLines(json);
        if (string.IsNullOrWhiteSpace(definition.RuleSetVersion))
        {
            throw new RuleFileException(path, lines.Top("rule_set_version"), "rule_set_version must not be empty");
        }

        if (definition.Scan.RecommendationWindowDays < 0 || definition.Scan.OverrideValidityDays < 0)
        {
            throw new RuleFileException(path, lines.Top("scan"), "scan.recommendation_window_days and scan.override_validity_days must not be negative");
        }

        if (definition.Rules.Count == 0)
        {
            throw new RuleFileException(path, lines.Top("rules"), "the rule set has no rules");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var rules = ImmutableArray.CreateBuilder<SuitabilityRule>(definition.Rules.Count);
        for (var i = 0; i < definition.Rules.Count; i++)
        {
            var rule = definition.Rules[i];
            void Fail(string member, string problem) =>
                throw new RuleFileException(path, lines.Of(i, member), $"rule {i + 1} ({rule.Id}): {problem}");

            if (!IdPattern().IsMatch(rule.Id))
            {
                Fail("id", "id must be lower-case words joined by hyphens");
            }

            if (!ids.Add(rule.Id))
            {
                Fail("id", "the id is used by an earlier rule");
            }

            if (rule.Version < 1)
            {
                Fail("version", "version must be 1 or more");
            }

            if (rule.EffectiveTo is { } to && to < rule.EffectiveFrom)
            {
                Fail("effective_to", "effective_to is before effective_from");
            }

            if (string.IsNullOrWhiteSpace(rule.Citation))
            {
                Fail("citation", "citation must name the regulation the rule answers");
            }

            if (string.IsNullOrWhiteSpace(rule.Message.Zh) || string.IsNullOrWhiteSpace(rule.Message.En))
            {
                Fail("message", "message needs both zh and en text");
            }

            if (rule.RequiresOverride && rule.Severity != RuleSeverity.Warning)
            {
                Fail("requires_override", "only a warning can require an override; an unsuitable verdict is never overridable");
            }

            foreach (var name in rule.Parameters.Keys)
            {
                if (!NamePattern().IsMatch(name))
                {
                    Fail("parameters", $"parameter '{name}' must be snake_case");
                }

                if (RuleFacts.Names.ContainsKey(name))
                {
                    Fail("parameters", $"parameter '{name}' has the name of a fact");
                }
            }

            var (compiled, member, problem) = Compile(rule);
            if (problem is not null)
            {
                Fail(member, problem);
            }

            rules.Add(compiled!);
        }

        return new SuitabilityRuleSet(path, definition.RuleSetVersion, definition.Scan, rules.MoveToImmutable());
    }

    /// <summary>The rules in effect on a date (the check's trading date), in file order. Shared: do not modify.</summary>
    internal SuitabilityRule[] ActiveOn(LocalDate date) =>
        _activeOn.GetOrAdd(date, d => [.. Rules.Where(r => r.InEffectOn(d))]);

    public SuitabilityRule? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);

    private static (SuitabilityRule? Rule, string Member, string? Problem) Compile(SuitabilityRuleDefinition rule)
    {
        var facts = Expression.Parameter(typeof(RuleFacts), "facts");
        // No reflection, no types beyond the primitives, no assignment: a condition can only read facts and its parameters.
        var interpreter = new Interpreter(InterpreterOptions.PrimitiveTypes | InterpreterOptions.SystemKeywords)
            .EnableAssignment(AssignmentOperators.None);
        foreach (var name in RuleFacts.Names.Keys)
        {
            interpreter.SetExpression(name, RuleFacts.Member(facts, name));
        }

        var constants = new Dictionary<Expression, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, value) in rule.Parameters)
        {
            var constant = Expression.Constant(value, typeof(decimal));
            constants[constant] = name;
            interpreter.SetExpression(name, constant);
        }

        Lambda lambda;
        try
        {
            lambda = interpreter.Parse(rule.When, typeof(bool), new Parameter(facts));
        }
        catch (Exception ex) when (ex is ParseException or InvalidOperationException or ArgumentException)
        {
            return (null, "when", $"condition does not parse: {ex.Message}");
        }

        var used = lambda.Identifiers.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        if (rule.Parameters.Keys.FirstOrDefault(p => !used.Contains(p)) is { } unused)
        {
            return (null, "parameters", $"parameter '{unused}' is not used by the condition");
        }

        var inspector = new ConditionInspector(facts, constants, rule.Parameters);
        inspector.Visit(lambda.Expression);
        if (inspector.Problem is not null)
        {
            return (null, "when", inspector.Problem);
        }

        var fires = Expression.Lambda<Func<RuleFacts, bool>>(lambda.Expression, facts).Compile();
        return (new SuitabilityRule(rule, fires, [.. inspector.Comparisons]), "when", null);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex NamePattern();

    /// <summary>
    /// Finds the comparisons of facts with parameters (or with other facts) for evidence, and checks that a string
    /// fact is only compared with a code it can take.
    /// </summary>
    private sealed class ConditionInspector(ParameterExpression facts, Dictionary<Expression, string> constants, Dictionary<string, decimal> parameters) : ExpressionVisitor
    {
        public List<RuleComparison> Comparisons { get; } = [];

        public string? Problem { get; private set; }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (Operator(node.NodeType) is { } op)
            {
                var left = Strip(node.Left);
                var right = Strip(node.Right);
                if (FactName(right) is not null && FactName(left) is null)
                {
                    (left, right, op) = (right, left, Flip(op));
                }

                if (FactName(left) is { } fact)
                {
                    Inspect(fact, (MemberExpression)left, op, right);
                }
            }

            return base.VisitBinary(node);
        }

        private void Inspect(string fact, MemberExpression member, string op, Expression other)
        {
            if (member.Type == typeof(string))
            {
                if (other is ConstantExpression { Value: string code } && RuleFacts.Codes.TryGetValue(member.Member.Name, out var codes) && !codes.Contains(code))
                {
                    Problem ??= $"'{code}' is not a {fact} (one of: {string.Join(", ", codes.Order(StringComparer.Ordinal))})";
                }

                return;
            }

            if (member.Type == typeof(bool))
            {
                return;
            }

            var measured = Compile(member);
            if (constants.TryGetValue(other, out var parameter))
            {
                var value = parameters[parameter];
                Comparisons.Add(new RuleComparison(fact, op, parameter, measured, _ => value));
            }
            else if (FactName(other) is { } otherFact)
            {
                Comparisons.Add(new RuleComparison(fact, op, otherFact, measured, Compile((MemberExpression)other)));
            }
        }

        private Func<RuleFacts, decimal> Compile(MemberExpression member) =>
            Expression.Lambda<Func<RuleFacts, decimal>>(Expression.Convert(member, typeof(decimal)), facts).Compile();

        private string? FactName(Expression e) =>
            e is MemberExpression m && m.Expression == facts && RuleFacts.Names.FirstOrDefault(kv => kv.Value == m.Member.Name).Key is { } name ? name : null;

        private static Expression Strip(Expression e)
        {
            while (e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u)
            {
                e = u.Operand;
            }

            return e;
        }

        private static string? Operator(ExpressionType type) => type switch
        {
            ExpressionType.LessThan => "<",
            ExpressionType.LessThanOrEqual => "<=",
            ExpressionType.GreaterThan => ">",
            ExpressionType.GreaterThanOrEqual => ">=",
            ExpressionType.Equal => "==",
            ExpressionType.NotEqual => "!=",
            _ => null,
        };

        private static string Flip(string op) => op switch
        {
            "<" => ">",
            "<=" => ">=",
            ">" => "<",
            ">=" => "<=",
            _ => op,
        };
    }

    /// <summary>Line numbers of the top-level members and of each rule's members, for errors found after parsing.</summary>
    private sealed class RuleLines
    {
        private readonly Dictionary<string, long> _top = new(StringComparer.Ordinal);
        private readonly List<(long Start, Dictionary<string, long> Members)> _rules = [];

        public RuleLines(string json)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(json);
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            long line = 1;
            long counted = 0;
            string? topMember = null;
            while (reader.Read())
            {
                var at = reader.TokenStartIndex;
                for (; counted < at; counted++)
                {
                    if (bytes[counted] == (byte)'\n')
                    {
                        line++;
                    }
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                        topMember = reader.GetString();
                        _top.TryAdd(topMember!, line);
                        break;
                    case JsonTokenType.StartObject when reader.CurrentDepth == 2 && topMember == "rules":
                        _rules.Add((line, new Dictionary<string, long>(StringComparer.Ordinal)));
                        break;
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 3 && topMember == "rules" && _rules.Count > 0:
                        _rules[^1].Members.TryAdd(reader.GetString()!, line);
                        break;
                    default:
                        break;
                }
            }
        }

        public long? Top(string member) => _top.TryGetValue(member, out var l) ? l : null;

        public long? Of(int rule, string member) =>
            rule < _rules.Count ? (_rules[rule].Members.TryGetValue(member, out var l) ? l : _rules[rule].Start) : null;
    }
}
