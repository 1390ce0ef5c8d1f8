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
  });
}
