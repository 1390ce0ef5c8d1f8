import { test, expect, Page } from "@playwright/test";
import * as fs from "fs";
import * as path from "path";

// A reader on a slow phone (#14): Chromium's CPU throttled 4x and a slow-3G network. The times
// until the page is readable and until it has hydrated go to a JSON file for the benchmark
// (bench/README.md); the test itself asserts only that each page becomes interactive.
const RESULTS = path.join(__dirname, "..", "test-results", "slow-phone.json");

async function throttle(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 400, // ms, Chrome DevTools' "Slow 3G"
    downloadThroughput: (400 * 1024) / 8,
    uploadThroughput: (400 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
}

/** Loads `url` and times it: readable (the main card is visible) and hydrated (the app's marker). */
async function timed(page: Page, url: string, readable: string) {
  const start = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await expect(page.locator(readable).first()).toBeVisible({ timeout: 60_000 });
  const readableMs = Date.now() - start;
  await expect(page.locator("[data-hydrated='true']")).toHaveCount(1, { timeout: 120_000 });
  return { url, readableMs, hydratedMs: Date.now() - start };
}

test("a reader on a slow phone gets a readable, then interactive, home page and post", async ({ page }) => {
  test.setTimeout(300_000);
  await throttle(page);
  const home = await timed(page, "/", "main .card");
  const firstPost = page.locator(".post-list h2 a").first();
  await expect(firstPost).toBeVisible();
  const href = await firstPost.getAttribute("href");
  const post = await timed(page, href!, "article.post");

  // Interactive: client-side navigation works once hydrated.
  await page.getByRole("link", { name: "Quire" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator(".post-list")).toBeVisible();

  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  const profile = { cpuSlowdown: 4, latencyMs: 400, kbitPerSecond: 400 };
  fs.writeFileSync(RESULTS, JSON.stringify({ profile, pages: [home, post] }, null, 2));
  console.log(`slow phone: ${JSON.stringify([home, post])}`);
});
