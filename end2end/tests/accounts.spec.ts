import { test, expect } from "@playwright/test";
import { PASSWORD, register, signIn, signOut, uniqueUser, waitForHydration } from "./helpers";

test("register, sign out, sign in: the header follows along without a full reload", async ({ page }) => {
  const user = uniqueUser("Ada");
  await register(page, user);
  // A full page load would wipe this marker; client-side updates keep it.
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await signOut(page);
  await page.getByRole("link", { name: "Sign in", exact: true }).click();
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
});

test("wrong credentials get one generic message", async ({ page }) => {
  const user = uniqueUser("Bea");
  await register(page, user);
  await signOut(page);
  await signIn(page, user.email, "not the password");
  await expect(page.getByRole("alert")).toHaveText("Wrong e-mail or password.");
  await signIn(page, `nobody-${user.email}`, PASSWORD);
  await expect(page.getByRole("alert")).toHaveText("Wrong e-mail or password.");
});

test("validation messages appear next to their fields", async ({ page }) => {
  await page.goto("/register");
  await waitForHydration(page);
  await page.getByLabel("Name").fill("Cy");
  await page.getByLabel("E-mail").fill("cy@example.org");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.locator("#field-password-error")).toHaveText("Use at least 8 characters.");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
});

test("reload keeps you signed in", async ({ page }) => {
  const user = uniqueUser("Dee");
  await register(page, user);
  await page.reload();
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
});

test("s06 no session secret is readable by scripts or present in the HTML", async ({ page, context }) => {
  const user = uniqueUser("Eve");
  await register(page, user);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "quire_session");
  expect(session, "session cookie present").toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  expect(session!.value.length).toBeGreaterThanOrEqual(22);

  const exposed = await page.evaluate(() => ({
    cookie: document.cookie,
    local: JSON.stringify({ ...localStorage }),
    sessionStore: JSON.stringify({ ...sessionStorage }),
    html: document.documentElement.outerHTML,
  }));
  for (const [where, text] of Object.entries(exposed)) {
    expect(text.includes(session!.value), `session secret found in ${where}`).toBe(false);
  }
  const served = await (await page.request.get("/")).text();
  expect(served.includes(session!.value)).toBe(false);
  expect(served).toContain(`Signed in as <strong>${user.name}</strong>`);
});
