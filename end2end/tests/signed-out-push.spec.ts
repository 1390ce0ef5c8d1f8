import { test, expect } from "@playwright/test";
import { register, signOutEverywhereElseFrom, uniqueUser, waitForHydration } from "./helpers";

// D03: an open tab hears that its session was ended on another device, without a click.
test("d03 an open tab shows at once that its session was ended elsewhere", async ({ page, browser }) => {
  const user = uniqueUser("Push");
  await register(page, user);
  await page.goto("/account/password");
  await waitForHydration(page);
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();

  await signOutEverywhereElseFrom(browser, user);

  await expect(page).toHaveURL(/\/sign-in\?ended=1$/, { timeout: 5_000 });
  await expect(page.getByRole("status")).toContainText("You have been signed out");
  await expect(page.getByText("Signed in as")).toHaveCount(0);
});

// A password change in this tab replaces the session's id (and goes on to the sessions page):
// the old id's stream says signed out, but the tab is still signed in, so it stays.
test("d03 a session replaced in this tab is not taken for a signed-out one", async ({ page }) => {
  const user = uniqueUser("Rotate");
  await register(page, user);
  await page.goto("/account/password");
  await waitForHydration(page);
  await page.getByLabel("Current password").fill("a long enough passphrase");
  await page.getByLabel("New password").fill("another long passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/account\/sessions$/);
  // Long enough for the event and the tab's two questions to the server.
  await page.waitForTimeout(1_500);
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
});

// The session ends before the tab's stream has connected: the server refuses the stream, and
// the tab takes the refusal as the news.
test("d03 a tab whose session ended before its stream connected is told too", async ({ page, browser }) => {
  let revoke = () => {};
  const revoked = new Promise<void>((resolve) => (revoke = resolve));
  await page.route("**/api/session_events", async (route) => {
    await revoked;
    await route.continue();
  });
  const user = uniqueUser("Late");
  await register(page, user);
  await page.goto("/account/password");
  await waitForHydration(page);

  await signOutEverywhereElseFrom(browser, user);
  revoke();

  await expect(page).toHaveURL(/\/sign-in\?ended=1$/, { timeout: 5_000 });
  await expect(page.getByRole("status")).toContainText("You have been signed out");
});
