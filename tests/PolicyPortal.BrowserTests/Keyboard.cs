using Microsoft.Playwright;

namespace PolicyPortal.BrowserTests;

/// <summary>Moving through a page as someone without a mouse does: the Tab key, one press at a time.</summary>
public static class Keyboard
{
    /// <summary>Presses Tab until <paramref name="target"/> has the focus; fails if it is not reached in 60 presses.</summary>
    public static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {target}.");
    }
}
