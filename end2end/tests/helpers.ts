import { Browser, BrowserContextOptions, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

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

/** Fills in and sends the registration form; the page then says to check the mail. */
export async function registerOnly(page: Page, user: { name: string; email: string }, js = true) {
  await page.goto("/register");
  if (js) await waitForHydration(page);
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByRole("heading", { name: "Check your mail" })).toBeVisible();
}

/** The link to `path` in the newest mail to `email` about `subject`, read from /outbox. */
export async function mailedLink(page: Page, email: string, subject: string, path: string): Promise<string> {
  const message = page.locator("article.outbox-message", { hasText: email }).filter({ hasText: subject });
  await expect(async () => {
    await page.goto("/outbox");
    await expect(message.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  const link = await message.first().getByRole("link").filter({ hasText: path }).first().getAttribute("href");
  expect(link).toContain(path);
  return link!;
}

/** Follows the verification link mailed to `email` and confirms the address. */
export async function verifyAddress(page: Page, email: string, js = true) {
  await page.goto(await mailedLink(page, email, "Confirm your address for Quire", "/verify-email/open"));
  if (js) await waitForHydration(page);
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("heading", { name: "Your address is confirmed" })).toBeVisible();
}

/** A new account, verified and signed in: what most tests start from. */
export async function register(page: Page, user: { name: string; email: string }, js = true) {
  await registerOnly(page, user, js);
  await verifyAddress(page, user.email, js);
  await signIn(page, user.email, PASSWORD, js);
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
}

export async function signIn(page: Page, email: string, password = PASSWORD, js = true) {
  await page.goto("/sign-in");
  if (js) await waitForHydration(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Another device signs `user` in and ends every other session from Account → Sessions. */
export async function signOutEverywhereElseFrom(
  browser: Browser,
  user: { name: string; email: string },
  device: BrowserContextOptions = {},
) {
  const other = await (await browser.newContext(device)).newPage();
  await signIn(other, user.email);
  await expect(other.getByText(`Signed in as ${user.name}`)).toBeVisible();
  await other.goto("/account/sessions");
  await waitForHydration(other);
  await other.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(other.getByRole("status")).toContainText("Signed out 1 other session(s).");
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
}

/** axe finds no serious or critical violations on the page as it is now. */
export async function expectNoSevereAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(severe.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}
