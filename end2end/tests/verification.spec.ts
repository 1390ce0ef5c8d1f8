import { test, expect } from "@playwright/test";
import {
  expectNoSevereAxeViolations as axe,
  mailedLink,
  PASSWORD,
  register,
  signIn,
  uniqueUser,
  waitForHydration,
} from "./helpers";

for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test(`m06 change the e-mail address with the confirmation link${js ? "" : " (no JS)"}`, async ({ page }) => {
      const user = uniqueUser(js ? "Mover" : "Movernojs");
      await register(page, user, js);
      const moved = `moved-${user.email}`;
      await page.goto("/account/email");
      if (js) {
        await waitForHydration(page);
        await axe(page);
      }
      await page.getByLabel("New e-mail address").fill(moved);
      await page.getByRole("button", { name: "Send the confirmation link" }).click();
      await expect(page.getByRole("heading", { name: "Check your new mailbox" })).toBeVisible();

      await page.goto(await mailedLink(page, moved, "Confirm your new address for Quire", "/confirm-email-change/open"));
      await expect(page).toHaveURL(/\/confirm-email-change$/);
      if (js) await waitForHydration(page);
      await page.getByRole("button", { name: "Confirm the new address" }).click();
      await expect(page.getByRole("heading", { name: "Your address was changed" })).toBeVisible();

      await page.getByRole("button", { name: "Sign out" }).click();
      await signIn(page, moved, PASSWORD, js);
      await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
    });

    test(`m09 the old address cancels a change it did not ask for${js ? "" : " (no JS)"}`, async ({ page }) => {
      const user = uniqueUser(js ? "Kept" : "Keptnojs");
      await register(page, user, js);
      const stolen = `stolen-${user.email}`;
      await page.goto("/account/email");
      if (js) await waitForHydration(page);
      await page.getByLabel("New e-mail address").fill(stolen);
      await page.getByRole("button", { name: "Send the confirmation link" }).click();
      await expect(page.getByRole("heading", { name: "Check your new mailbox" })).toBeVisible();
      const confirm = await mailedLink(page, stolen, "Confirm your new address for Quire", "/confirm-email-change/open");

      const subject = "A change of your Quire e-mail address was requested";
      await page.goto(await mailedLink(page, user.email, subject, "/cancel-email-change/open"));
      await expect(page).toHaveURL(/\/cancel-email-change$/);
      if (js) {
        await waitForHydration(page);
        await axe(page);
      }
      await page.getByRole("button", { name: "Cancel the change" }).click();
      await expect(page.getByRole("heading", { name: "The change was cancelled" })).toBeVisible();

      await page.goto(confirm);
      await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
    });
  });
}
