import { test, expect, Page } from "@playwright/test";
import {
  expectNoSevereAxeViolations as axe,
  mailedLink,
  register,
  signIn,
  signOut,
  uniqueUser,
  waitForHydration,
} from "./helpers";

const NEW_PASSWORD = "a different long passphrase";

/** The reset link mailed to `email`, read from the development outbox (/outbox). */
function resetLinkFor(page: Page, email: string): Promise<string> {
  return mailedLink(page, email, "Reset your Quire password", "/reset-password/open");
}

for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test(`m01 forgot password, follow the mailed link, set a new one, sign in${js ? "" : " (no JS)"}`, async ({ page }) => {
      const user = uniqueUser(js ? "Reset" : "Resetnojs");
      await register(page, user, js);
      await page.getByRole("button", { name: "Sign out" }).click();

      await page.goto("/sign-in");
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await expect(page).toHaveURL(/\/forgot-password$/);
      if (js) await waitForHydration(page);
      await page.getByLabel("E-mail").fill(user.email);
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect(page.getByRole("heading", { name: "Check your mail" })).toBeVisible();

      await page.goto(await resetLinkFor(page, user.email));
      // The secret has left the address bar.
      await expect(page).toHaveURL(/\/reset-password$/);
      await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
      if (js) {
        await waitForHydration(page);
        await axe(page);
      }
      await page.getByLabel("New password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Set the new password" }).click();
      await expect(page.getByRole("heading", { name: "Your password was changed" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Sign in", exact: true }).first()).toBeVisible();

      await signIn(page, user.email, NEW_PASSWORD, js);
      await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
    });

    test(`m01 a spent link gets the expired page${js ? "" : " (no JS)"}`, async ({ page }) => {
      const user = uniqueUser(js ? "Spent" : "Spentnojs");
      await register(page, user, js);
      await signOut(page);
      await page.goto("/forgot-password");
      if (js) await waitForHydration(page);
      await page.getByLabel("E-mail").fill(user.email);
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect(page.getByRole("heading", { name: "Check your mail" })).toBeVisible();
      const link = await resetLinkFor(page, user.email);
      await page.goto(link);
      await page.getByLabel("New password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Set the new password" }).click();
      await expect(page.getByRole("heading", { name: "Your password was changed" })).toBeVisible();

      await page.goto(link);
      await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
      await expect(page.getByText("This link has expired or was already used.")).toBeVisible();
      await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
    });
  });
}

test("a weak new password is refused next to its field without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const user = uniqueUser("Weakreset");
  await register(page, user, false);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto("/forgot-password");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await page.goto(await resetLinkFor(page, user.email));
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/reset-password\?/);
  await expect(page.locator("#field-new_password-error")).toHaveText("Use at least 8 characters.");
  await context.close();
});
