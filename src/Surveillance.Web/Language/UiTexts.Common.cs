namespace Surveillance.Web.Language;

/// <summary>The interface's words, one file per part of the app: (key, Chinese, English).</summary>
internal static partial class UiTexts
{
    /// <summary>Layout, sign-in, shared labels.</summary>
    public static readonly Dictionary<string, (string Zh, string En)> Common = new()
    {
        ["app.name"] = ("合规监控", "Surveillance"),
        ["nav.queue"] = ("案件队列", "Case queue"),
        ["nav.dashboard"] = ("仪表盘", "Dashboard"),
        ["nav.precheck"] = ("适当性预检", "Suitability pre-check"),
        ["nav.signout"] = ("退出", "Sign out"),
        ["nav.language"] = ("English", "中文"),
        ["signin.title"] = ("登录", "Sign in"),
        ["signin.name"] = ("用户名", "User name"),
        ["signin.password"] = ("密码", "Password"),
        ["signin.submit"] = ("登录", "Sign in"),
        ["signin.refused"] = ("用户名或密码错误", "Wrong user name or password"),
        ["signin.locked"] = ("多次密码错误，账户已暂时锁定，请稍后再试", "Too many wrong passwords: the account is locked for a while"),
        ["denied.title"] = ("无权访问", "Access denied"),
        ["denied.body"] = ("您的角色无权查看此页面。", "Your role may not see this page."),
        ["queue.title"] = ("案件队列", "Case queue"),
        ["queue.none"] = ("没有符合条件的案件。", "No case matches."),
        ["case.id"] = ("案件", "Case"),
        ["case.state"] = ("状态", "State"),
        ["case.priority"] = ("优先级", "Priority"),
        ["case.subject"] = ("对象", "Subject"),
        ["case.instrument"] = ("证券", "Instrument"),
        ["case.scenarios"] = ("场景", "Scenarios"),
        ["case.assignee"] = ("处理人", "Assignee"),
        ["case.opened"] = ("立案时间", "Opened"),
        ["case.alerts"] = ("告警数", "Alerts"),
        ["case.audit"] = ("审计记录", "Audit trail"),
        ["case.notes"] = ("备注", "Notes"),
        ["case.notfound"] = ("没有这个案件。", "No such case."),
        ["state.new"] = ("新建", "New"),
        ["state.in-review"] = ("审查中", "In review"),
        ["state.escalated"] = ("已上报内部", "Escalated"),
        ["state.reported-to-regulator"] = ("已报送监管", "Reported to regulator"),
        ["state.closed"] = ("已结案", "Closed"),
        ["priority.low"] = ("低", "Low"),
        ["priority.medium"] = ("中", "Medium"),
        ["priority.high"] = ("高", "High"),
        ["priority.critical"] = ("紧急", "Critical"),
    };
}
