import { test, expect } from "@playwright/test";
import { register, signIn, uniqueUser, waitForHydration } from "./helpers";

test("l09 revoking another browser's session from the Sessions page signs it out", async ({ browser }) => {
  const user = uniqueUser("Two");
  const laptop = await browser.newContext();
  const phone = await browser.newContext({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1" });
  const laptopPage = await laptop.newPage();
  const phonePage = await phone.newPage();

  await register(laptopPage, user);
  await signIn(phonePage, user.email);
  await expect(phonePage.getByText(`Signed in as ${user.name}`)).toBeVisible();

  await laptopPage.getByRole("link", { name: "Account" }).click();
  await expect(laptopPage.getByRole("heading", { name: "Where you are signed in" })).toBeVisible();
  const rows = laptopPage.locator("table.sessions tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(laptopPage.locator("tr.current")).toContainText("This session");
  const phoneRow = rows.filter({ hasText: "iPhone" });
  await expect(phoneRow).toHaveCount(1);
  await phoneRow.getByRole("button", { name: /Revoke/ }).click();
  await expect(rows).toHaveCount(1);

  // The phone's open tab is told at once (D03); a reload then asks the server itself.
  await expect(phonePage).toHaveURL(/\/sign-in\?ended=1$/);
  await phonePage.reload();
  await expect(phonePage.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expect(laptopPage.getByText(`Signed in as ${user.name}`)).toBeVisible();
  await laptop.close();
  await phone.close();
});

test("sign out everywhere else keeps this browser signed in", async ({ browser }) => {
  const user = uniqueUser("Many");
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [main, ...others] = await Promise.all(contexts.map((c) => c.newPage()));
  await register(main, user);
  for (const page of others) {
    await signIn(page, user.email);
    // signIn only submits; wait until this device really holds a session.
    await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
  }

  await main.goto("/account/sessions");
  await waitForHydration(main);
  await expect(main.locator("table.sessions tbody tr")).toHaveCount(3);
  await main.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(main.getByRole("status")).toHaveText("Signed out 2 other session(s).");
  await expect(main.locator("table.sessions tbody tr")).toHaveCount(1);
  for (const page of others) {
    await expect(page).toHaveURL(/\/sign-in\?ended=1$/);
    await page.reload();
    await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  }
  await Promise.all(contexts.map((c) => c.close()));
});
