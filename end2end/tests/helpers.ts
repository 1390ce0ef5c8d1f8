import { expect, Page } from "@playwright/test";

export const PASSWORD = "a long enough passphrase";

/** A fresh account identity per test, so tests run in parallel against one server. */
export function uniqueUser(label: string) {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return { name: `${label} ${id}`, email: `${label.toLowerCase()}-${id}@example.org` };
}

/** Waits until the WebAssembly app has taken over the server-rendered page. */
export async function waitForHydration(page: Page) {
  await expect(page.locator("[data-hydrated='true']")).toHaveCount(1);
}

export async function register(page: Page, user: { name: string; email: string }, js = true) {
  await page.goto("/register");
  if (js) await waitForHydration(page);
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
}

export async function signIn(page: Page, email: string, password = PASSWORD, js = true) {
  await page.goto("/sign-in");
  if (js) await waitForHydration(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}
