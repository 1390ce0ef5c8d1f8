import { test, expect } from "@playwright/test";
import { expectNoSevereAxeViolations, register, signOutEverywhereElseFrom, uniqueUser, waitForHydration } from "./helpers";

// The tab's timers run on Playwright's clock, so twenty idle minutes pass at once; the server
// keeps real time, so its session is ended for real from another device.
test("idle warning: stay signed in, and a tab whose session ended says so", async ({ page, browser }) => {
  // The signed-out event stream would announce the revocation below at once (its own test is
  // d03 in signed-out-push.spec.ts); kept away here, the idle timer is what notices.
  await page.route("**/api/session_events", (route) => route.abort());
  await page.clock.install();
  const user = uniqueUser("Idle");
  await register(page, user);
  const asked = page.waitForResponse((r) => r.url().endsWith("/api/session_clock"));
  await page.goto("/account/password");
  await waitForHydration(page);
  await asked;
  const warning = page.getByRole("alertdialog");
  await expect(warning).toHaveCount(0);

  // The tab sets its timer just after the server's answer, which a loaded machine may deliver
  // after the clock jumps: move the clock a minute at a time until the warning shows, and
  // check that it came two minutes before the limit, not sooner or later.
  let idleSeconds = 0;
  await expect
    .poll(
      async () => {
        if ((await warning.count()) === 0) {
          await page.clock.fastForward(60_000);
          idleSeconds += 60;
        }
        return warning.count();
      },
      { intervals: [50], timeout: 20_000 },
    )
    .toBe(1);
  expect(idleSeconds).toBeGreaterThanOrEqual(18 * 60);
  expect(idleSeconds).toBeLessThan(20 * 60);
  await expect(warning).toContainText("signed out in two minutes");
  await expectNoSevereAxeViolations(page);
  await page.getByRole("button", { name: "Stay signed in" }).click();
  await expect(warning).toHaveCount(0);
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();

  await signOutEverywhereElseFrom(browser, user);

  await page.clock.fastForward("20:00");
  await expect(page).toHaveURL(/\/sign-in\?idle=1$/);
  await expect(page.getByRole("status")).toContainText("You have been signed out");
});
