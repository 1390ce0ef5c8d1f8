import { test, expect, Page } from "@playwright/test";
import * as fs from "fs";
import * as path from "path";
import { register, uniqueUser, waitForHydration } from "./helpers";

// The README shows these. Every Playwright run takes them again, so they show the app as it is;
// commit them when they change.
const folder = path.resolve(__dirname, "..", "..", "docs", "screenshots");

async function shoot(page: Page, name: string) {
  await waitForHydration(page);
  const file = path.join(folder, `${name}.png`);
  fs.mkdirSync(folder, { recursive: true });
  const before = Date.now();
  await page.screenshot({ path: file });
  const written = fs.statSync(file);
  expect(written.mtimeMs).toBeGreaterThanOrEqual(before - 1_000);
  expect(written.size, `${name}.png holds a picture`).toBeGreaterThan(5_000);
}

test.use({ viewport: { width: 1024, height: 720 } });

test("the README's screenshots: the home page, a post, signing in, the security page", async ({ page, browser }) => {
  await page.goto("/");
  const firstPost = page.locator(".post-list h2 a").first();
  await expect(firstPost).toBeVisible();
  await shoot(page, "home");

  await firstPost.click();
  await expect(page.locator("main h1")).toBeVisible();
  await shoot(page, "post");

  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in", exact: true })).toBeVisible();
  await shoot(page, "sign-in");

  const reader = await (await browser.newContext({ viewport: { width: 1024, height: 720 } })).newPage();
  await register(reader, uniqueUser("Reader"));
  await reader.goto("/account/security");
  await expect(reader.getByRole("heading", { name: "Security", exact: true })).toBeVisible();
  await shoot(reader, "security");
});
