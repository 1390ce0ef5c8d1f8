import { test, expect } from "@playwright/test";
import { PASSWORD, register, signIn, uniqueUser } from "./helpers";

test.use({ javaScriptEnabled: false });

test("register, sign out, sign in with JavaScript disabled", async ({ page }) => {
  const user = uniqueUser("Noscript");
  await register(page, user, false);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await signIn(page, user.email, PASSWORD, false);
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
});

test("a validation error comes back next to its field without JavaScript", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Name").fill("Nojs");
  await page.getByLabel("E-mail").fill("nojs@example.org");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page).toHaveURL(/\/register\?/);
  await expect(page.locator("#field-password-error")).toHaveText("Use at least 8 characters.");
});
