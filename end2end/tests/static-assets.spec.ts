import { test, expect } from "@playwright/test";

test("the wasm bundle is served compressed with cache headers", async ({ request }) => {
  const response = await request.get("/pkg/quire.wasm", { headers: { "Accept-Encoding": "br, gzip" } });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-encoding"]).toMatch(/br|gzip/);
  expect(response.headers()["cache-control"]).toBeTruthy();
  // Shared caches must keep the compressed and plain copies apart.
  expect(response.headers()["vary"]).toMatch(/accept-encoding/i);
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test("public files are served from the site root", async ({ request }) => {
  const response = await request.get("/favicon.ico");
  expect(response.status()).toBe(200);
});

test("an unknown page is a 404 with the full layout, even without scripts", async ({ request }) => {
  const response = await request.get("/no/such/page");
  expect(response.status()).toBe(404);
  const html = await response.text();
  expect(html).toContain("Page not found");
  expect(html).toMatch(/<nav aria-label="Account" class="account"><a href="\/sign-in">/);
});
