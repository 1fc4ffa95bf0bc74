using Microsoft.Playwright;
using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

/// <summary>A product team checks a recommendation in a real browser and reads the reasons in both languages.</summary>
public class PreCheckBrowserTest : BrowserTest
{
    [Test]
    public async Task AProductTeamChecksARecommendationAndReadsTheReasonsInChineseAfterSwitchingLanguage()
    {
        var page = await Browser.SignedInAsync(Server.Address, WebTestServer.UserOf[Roles.ProductTeam]);
        await page.GotoAsync("/precheck");
        await page.GetByTestId("check-customer").FillAsync("C000001");
        await page.GetByTestId("check-product").FillAsync("SN0007.OTC");
        await page.GetByTestId("check-amount").FillAsync("20000");
        await page.GetByTestId("check-submit").ClickAsync();
        await page.WaitForURLAsync("**/precheck/checks/*");

        Assert.That(await page.GetByTestId("verdict").InnerTextAsync(), Is.EqualTo("Unsuitable"));
        var rows = page.GetByTestId("fired-rule");
        Assert.That(await rows.CountAsync(), Is.GreaterThan(0));
        var rules = new List<string>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var id = (await rows.Nth(i).GetAttributeAsync("data-rule"))!;
            rules.Add(id);
            Assert.That(await rows.Nth(i).GetByTestId("reason").InnerTextAsync(), Is.EqualTo(Server.Desks.PreChecks.Rules.Find(id)!.Definition.Message.En));
        }

        await page.GetByTestId("switch-language").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.That(new Uri(page.Url).AbsolutePath, Does.StartWith("/precheck/checks/"), "the verdict stays after the switch");
        Assert.That(await page.GetByTestId("verdict").InnerTextAsync(), Is.EqualTo("不适当"));
        for (var i = 0; i < rules.Count; i++)
        {
            var row = page.GetByTestId("fired-rule").Nth(i);
            var message = Server.Desks.PreChecks.Rules.Find(rules[i])!.Definition.Message;
            Assert.That(await row.GetByTestId("reason").InnerTextAsync(), Is.EqualTo(message.Zh));
            Assert.That(await row.GetByTestId("reason-other").IsVisibleAsync(), Is.False, "the other language only on request");
            await row.Locator("details summary").ClickAsync();
            Assert.That(await row.GetByTestId("reason-other").InnerTextAsync(), Is.EqualTo(message.En));
        }
    }

    [Test]
    public async Task AProductTeamIsRefusedTheRulesPage()
    {
        var page = await Browser.SignedInAsync(Server.Address, WebTestServer.UserOf[Roles.ProductTeam]);
        await page.GotoAsync("/rules");

        Assert.That(await page.GetByTestId("denied").IsVisibleAsync(), Is.True);
    }
}
