import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { register, uniqueUser, waitForHydration } from "./helpers";

const signedOut = [
  "/",
  "/register",
  "/sign-in",
  "/no/such/page",
  "/forgot-password",
  "/forgot-password/sent",
  "/reset-password",
  "/reset-password/done",
  "/outbox",
  "/register/sent",
  "/verify-email",
  "/verify-email/done",
  "/confirm-email-change",
  "/confirm-email-change/done",
  "/sign-in/code",
];
const signedIn = [
  "/",
  "/account/sessions",
  "/account/password",
  "/account/email",
  "/account/security",
  "/account/tokens",
];

for (const [path, needsUser] of [...signedOut.map((p) => [p, false]), ...signedIn.map((p) => [p, true])] as const) {
  test(`axe finds no serious or critical violations on ${path}${needsUser ? " (signed in)" : ""}`, async ({ page }) => {
    if (needsUser) await register(page, uniqueUser("Axe"));
    await page.goto(path);
    await waitForHydration(page);
    const results = await new AxeBuilder({ page }).analyze();
    const severe = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(severe.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}
