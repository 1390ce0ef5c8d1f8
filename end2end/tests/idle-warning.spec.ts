import { test, expect } from "@playwright/test";
import { expectNoSevereAxeViolations, register, signIn, uniqueUser, waitForHydration } from "./helpers";

// The tab's timers run on Playwright's clock, so twenty idle minutes pass at once; the server
// keeps real time, so its session is ended for real from another device.
test("idle warning: stay signed in, and a tab whose session ended says so", async ({ page, browser }) => {
  await page.clock.install();
  const user = uniqueUser("Idle");
  await register(page, user);
  await page.goto("/account/password");
  await waitForHydration(page);
  const warning = page.getByRole("alertdialog");
  await expect(warning).toHaveCount(0);

  await page.clock.fastForward("18:30");
  await expect(warning).toContainText("signed out in two minutes");
  await expectNoSevereAxeViolations(page);
  await page.getByRole("button", { name: "Stay signed in" }).click();
  await expect(warning).toHaveCount(0);
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();

  const other = await (await browser.newContext()).newPage();
  await signIn(other, user.email);
  await expect(other.getByText(`Signed in as ${user.name}`)).toBeVisible();
  await other.goto("/account/sessions");
  await waitForHydration(other);
  await other.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(other.getByRole("status")).toContainText("Signed out 1 other session(s).");

  await page.clock.fastForward("20:00");
  await expect(page).toHaveURL(/\/sign-in\?idle=1$/);
  await expect(page.getByRole("status")).toContainText("You have been signed out");
});
