using System.Collections.Frozen;

namespace Surveillance.Detection;

/// <summary>What each scenario is called in front of people, in both languages.</summary>
public static class ScenarioTitles
{
    private static readonly FrozenDictionary<string, LocalizedText> Titles = new Dictionary<string, LocalizedText>
    {
        [Scenarios.Spoofing] = new("虚假申报（幌骗）", "Spoofing"),
        [Scenarios.Layering] = new("分层挂单", "Layering"),
        [Scenarios.WashTrade] = new("自买自卖（对倒）", "Wash trade"),
        [Scenarios.LinkedAccountTrading] = new("关联账户对敲", "Linked-account trading"),
        [Scenarios.MarkingTheClose] = new("尾市操纵收盘价", "Marking the close"),
        [Scenarios.Ramping] = new("拉抬打压", "Ramping"),
        [Scenarios.InsiderPreAnnouncement] = new("公告前异常交易（疑似内幕）", "Insider-like trading before an announcement"),
        [Scenarios.FrontRunning] = new("抢先交易（老鼠仓）", "Front-running"),
        [Scenarios.ExcessiveCancels] = new("频繁撤单", "Excessive cancels"),
        [Scenarios.UnsuitableSale] = new("适当性不匹配销售", "Unsuitable sale"),
        [Scenarios.ExcessiveTrading] = new("过度交易", "Excessive trading"),
        [Scenarios.DormantReactivation] = new("休眠账户激活", "Dormant-account reactivation"),
        [Scenarios.BehaviourAnomaly] = new("行为异常", "Behaviour anomaly"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static LocalizedText Of(string scenario) =>
        Titles.TryGetValue(scenario, out var title) ? title : new LocalizedText(scenario, scenario);

    public static string Bilingual(string scenario) => Of(scenario) is var t && t.Zh == t.En ? t.En : $"{t.Zh} {t.En}";
}
