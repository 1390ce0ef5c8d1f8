import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { waitForHydration } from "./helpers";

for (const path of ["/", "/register", "/sign-in"]) {
  test(`axe finds no serious or critical violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await waitForHydration(page);
    const results = await new AxeBuilder({ page }).analyze();
    const severe = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(severe.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}
