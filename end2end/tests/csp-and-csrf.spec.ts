import { test, expect } from "@playwright/test";
import * as http from "http";
import { AddressInfo } from "net";
import { register, signOut, uniqueUser, waitForHydration, PASSWORD } from "./helpers";

test("x02 the app hydrates and works under the CSP with no console errors", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));

  const response = await page.goto("/");
  expect(response!.headers()["content-security-policy"]).toContain("'nonce-");
  await waitForHydration(page);
  const user = uniqueUser("Csp");
  await register(page, user);
  await signOut(page);
  expect(problems).toEqual([]);
});

/** A page on another loopback port that auto-submits a form to Quire. */
async function hostileSite(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

test("c03 a cross-site form auto-submitted from another port changes nothing", async ({ page, baseURL }) => {
  // The attacker owns an account and tries to sign the victim into it (login CSRF).
  const attacker = uniqueUser("Mallory");
  const setup = await page.context().browser()!.newContext();
  await register(await setup.newPage(), attacker);
  await setup.close();

  const evil = await hostileSite(`<!DOCTYPE html><html><body>
    <form id="f" method="post" action="${baseURL}/api/sign_in">
      <input name="email" value="${attacker.email}"><input name="password" value="${PASSWORD}">
    </form><script>document.getElementById("f").submit()</script></body></html>`);
  try {
    const refused = page.waitForResponse((r) => r.url().endsWith("/api/sign_in"));
    await page.goto(evil.url);
    expect((await refused).status()).toBe(403);
    await expect(page.getByText("Request refused")).toBeVisible();
    const cookies = await page.context().cookies(baseURL);
    expect(cookies.find((c) => c.name === "quire_session")).toBeUndefined();
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  } finally {
    await evil.close();
  }
});
