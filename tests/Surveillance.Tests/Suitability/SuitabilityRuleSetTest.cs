using Surveillance.Rules;
using Surveillance.Suitability;
using static Surveillance.Tests.Suitability.SomeSuitability;

namespace Surveillance.Tests.Suitability;

public class SuitabilityRuleSetTest
{
    private const string Path = "rules/suitability/rules.json";

    // One valid rule at lines 6-18; tests break one member of it.
    private static string File(string when = "product_risk > max_product_risk", string parameters = "\"max_product_risk\": 1", string severity = "unsuitable", string requiresOverride = "false", string effectiveTo = "null", string id = "test-rule", string extraRule = "") => $$"""
        {
          "rule_set_version": "draft",
          "scan": { "recommendation_window_days": 30, "override_validity_days": 30, "require_recorded_override": true },
          "rules": [
            {
              "id": "{{id}}",
              "version": 1,
              "effective_from": "2020-01-01",
              "effective_to": {{effectiveTo}},
              "category": "risk-matching",
              "severity": "{{severity}}",
              "requires_override": {{requiresOverride}},
              "citation": "《证券期货投资者适当性管理办法》第十八条",
              "when": "{{when}}",
              "parameters": { {{parameters}} },
              "message": { "zh": "测试", "en": "test" }
            }{{extraRule}}
          ]
        }
        """;

    [Test]
    public void TheLiveRuleSetLoads()
    {
        var rules = LiveRules();

        Assert.That(rules.Version, Is.Not.Empty);
        Assert.That(rules.Rules.Select(r => r.Id), Is.Unique);
        Assert.That(rules.Rules, Has.Length.GreaterThanOrEqualTo(14));
    }

    [Test]
    public void AValidRuleCompilesAndFires()
    {
        var rules = SuitabilityRuleSet.Parse(Path, File());

        var rule = rules.Rules.Single();
        Assert.That(rule.Fires(new RuleFacts { ProductRisk = 2 }), Is.True);
        Assert.That(rule.Fires(new RuleFacts { ProductRisk = 1 }), Is.False);
    }

    private static IEnumerable<TestCaseData> BadFiles() =>
    [
        new TestCaseData(File(when: "product_risk > max_product_risk && wealth > 3"), 14L, "wealth").SetName("An unknown fact names the when line"),
        new TestCaseData(File(when: "product_risk >"), 14L, "does not parse").SetName("A condition that does not parse names the when line"),
        new TestCaseData(File(when: "(age = 99) > max_product_risk"), 14L, "does not parse").SetName("A condition cannot assign to a fact"),
        new TestCaseData(File(when: "product_risk + 1"), 14L, "does not parse").SetName("A condition that is not true or false is refused"),
        new TestCaseData(File(parameters: "\"max_product_risk\": 1, \"min_age\": 70"), 15L, "'min_age' is not used").SetName("An unused parameter is refused"),
        new TestCaseData(File(when: "board == \\\"STAR\\\" && product_risk > max_product_risk"), 14L, "'STAR' is not a board").SetName("A misspelt board code is refused"),
        new TestCaseData(File(parameters: "\"age\": 1", when: "product_risk > age"), 15L, "has the name of a fact").SetName("A parameter named like a fact is refused"),
        new TestCaseData(File(requiresOverride: "true"), 12L, "never overridable").SetName("An unsuitable rule cannot require an override"),
        new TestCaseData(File(effectiveTo: "\"2019-12-31\""), 9L, "before effective_from").SetName("An effective period that ends before it starts is refused"),
        new TestCaseData(File(severity: "fatal"), 11L, "").SetName("An unknown severity names its line"),
        new TestCaseData(File(id: "Test Rule"), 6L, "lower-case words").SetName("A badly formed id is refused"),
        new TestCaseData(File(extraRule: File().Split("\"rules\": [")[1].Split("\n  ]")[0].Replace("}\n", "},\n").Insert(0, ",")), 19L, "earlier rule").SetName("A duplicate id is refused"),
        new TestCaseData(File().Replace("      \"citation\": \"《证券期货投资者适当性管理办法》第十八条\",\n", ""), 16L, "citation").SetName("A missing citation is refused"),
        new TestCaseData(File().Replace("\"version\": 1,", "\"version\": 1, \"weight\": 3,"), 7L, "weight").SetName("An unknown member names its line"),
    ];

    [TestCaseSource(nameof(BadFiles))]
    public void ABadRuleFileNamesTheFileTheLineAndTheProblem(string json, long line, string problem)
    {
        var ex = Assert.Throws<RuleFileException>(() => SuitabilityRuleSet.Parse(Path, json));

        Assert.That(ex!.File, Is.EqualTo(Path));
        Assert.That(ex.Line, Is.EqualTo(line), ex.Message);
        Assert.That(ex.Problem, Does.Contain(problem));
    }

    [Test]
    public void ARuleOutsideItsEffectivePeriodIsNotApplied()
    {
        var rules = SuitabilityRuleSet.Parse(Path, File(effectiveTo: "\"2025-12-31\"", id: "retired-rule"));

        Assert.That(rules.ActiveOn(new NodaTime.LocalDate(2025, 12, 31)), Has.Length.EqualTo(1));
        Assert.That(rules.ActiveOn(new NodaTime.LocalDate(2026, 1, 1)), Is.Empty);
        Assert.That(rules.ActiveOn(new NodaTime.LocalDate(2019, 12, 31)), Is.Empty);
    }
}
