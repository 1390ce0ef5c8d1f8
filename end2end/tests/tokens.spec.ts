import { test, expect } from "@playwright/test";
import { PASSWORD, register, signIn, uniqueUser } from "./helpers";

test("t04 a token made in the account UI works for the API until it is revoked there", async ({ page, request }) => {
  await register(page, uniqueUser("Pat"));
  await page.getByRole("link", { name: "Account" }).click();
  await page.getByRole("link", { name: "Tokens" }).click();
  await expect(page.getByRole("heading", { name: "Personal access tokens" })).toBeVisible();
  await expect(page.getByText("You have no tokens.")).toBeVisible();

  await page.getByLabel("Name").fill("ci script");
  await page.getByLabel("profile:read").check();
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.locator("#new-token");
  await expect(shown).toHaveText(/^quire_pat_[A-Za-z0-9]{28}$/);
  const token = (await shown.textContent())!;
  await expect(page.locator("table.tokens tbody tr")).toHaveCount(1);
  await expect(page.locator("table.tokens")).not.toContainText(token);

  const auth = { Authorization: `Bearer ${token}` };
  const me = await request.get("/api/v1/me", { headers: auth });
  expect(me.status()).toBe(200);
  expect(await request.get("/api/v1/tokens", { headers: auth }).then((r) => r.status())).toBe(403);

  await page.getByRole("button", { name: "Revoke (ci script)" }).click();
  await expect(page.getByText("You have no tokens.")).toBeVisible();
  const after = await request.get("/api/v1/me", { headers: auth });
  expect(after.status()).toBe(401);
  expect((await after.json()).code).toBe("invalid_token");
});

test("t02 without JavaScript a token is created with a plain form and shown once", async ({ browser }) => {
  const user = uniqueUser("NoJs");
  const withJs = await (await browser.newContext()).newPage();
  await register(withJs, user);
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await signIn(page, user.email, PASSWORD, false);
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
  await page.goto("/account/tokens");
  await page.getByLabel("Name").fill("cron job");
  await page.getByLabel("profile:read").check();
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.locator("#new-token");
  await expect(shown).toHaveText(/^quire_pat_[A-Za-z0-9]{28}$/);
  await expect(page.locator("table.tokens tbody tr")).toHaveCount(1);
  await page.goto("/account/tokens");
  await expect(page.locator("#new-token")).toHaveCount(0);
});
