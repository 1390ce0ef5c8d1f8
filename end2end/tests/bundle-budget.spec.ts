import { test, expect, Page } from "@playwright/test";
import * as fs from "fs";
import * as path from "path";
import { waitForHydration } from "./helpers";

// The reader's path (#14): what the browser downloads of the app (wasm and JavaScript under
// /pkg, compressed as the server sends them) before a reader's page is interactive. The pages
// only some visitors open are lazy wasm chunks (src/lazy_pages.rs), fetched when opened.
// #14's target is 130 KB; the budget below is today's size with a little room, so the check
// fails when the reader's path grows (or the release build stops splitting), until the target
// is reached and the budget lowered to it. Sizes go to test-results/bundle.json.
const READER_BUDGET_BYTES = 360_000;
const RESULTS = path.join(__dirname, "..", "test-results", "bundle.json");

/** Bytes on the wire of the app's wasm and JavaScript fetched while `url` loads and hydrates. */
async function appBytes(page: Page, url: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map<string, string>();
  const sizes = new Map<string, number>();
  cdp.on("Network.responseReceived", (event) => urls.set(event.requestId, event.response.url));
  cdp.on("Network.loadingFinished", (event) => {
    const file = new URL(urls.get(event.requestId) ?? "http://x/").pathname;
    if (/^\/pkg\/.*\.(wasm|js)$/.test(file)) sizes.set(file, event.encodedDataLength);
  });
  await page.goto(url);
  await waitForHydration(page);
  await page.waitForLoadState("networkidle");
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const preloaded = await page
    .locator("link[rel=modulepreload]")
    .evaluateAll((links) => links.map((l) => new URL((l as HTMLLinkElement).href).pathname));
  return { url, total, files: Object.fromEntries(sizes), preloaded };
}

test("the reader's path stays within its download budget; other pages load their own chunks", async ({ browser }) => {
  const measured = [];
  for (const url of ["/", "/sign-in", "/register", "/outbox"]) {
    const context = await browser.newContext();
    measured.push(await appBytes(await context.newPage(), url));
    await context.close();
  }
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify({ budget: READER_BUDGET_BYTES, pages: measured }, null, 2));
  console.log(`bundle: ${JSON.stringify(measured.map(({ url, total }) => ({ url, total })))}`);

  for (const page of measured.slice(0, 3)) {
    expect(Object.keys(page.files), `${page.url} loads the app`).toContain("/pkg/quire.wasm");
    expect(Object.keys(page.files).filter((f) => f.includes("split_")), `${page.url}: no lazy page`).toEqual([]);
    expect(page.total, `${page.url}: bytes of wasm and JavaScript`).toBeLessThanOrEqual(READER_BUDGET_BYTES);
    // Each module is announced in the HTML, so none waits for another to arrive first (on a
    // slow network each wait is a round trip: the split loader alone cost about 0.5 s).
    const modules = Object.keys(page.files).filter((f) => f.endsWith(".js"));
    expect(modules.length, `${page.url}: modules fetched`).toBeGreaterThan(1);
    expect(page.preloaded, `${page.url}: modules preloaded`).toEqual(expect.arrayContaining(modules));
  }
  // A lazy page (the outbox) hydrates from its own chunk, which the reader's pages never fetch.
  const outbox = measured[3];
  expect(Object.keys(outbox.files).some((f) => f.includes("split___outbox_view"))).toBe(true);
});
