import { test, expect, Page } from "@playwright/test";
import { createHmac } from "crypto";
import { expectNoSevereAxeViolations, PASSWORD, register, signOut, uniqueUser, waitForHydration } from "./helpers";

/** RFC 6238 as an authenticator app computes it: SHA-1, 6 digits, 30-second steps. */
function totp(base32: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of base32.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/** The code of the next 30-second step: accepted (one step of skew), and never the one just used. */
const nextCode = (secret: string) => totp(secret, Date.now() + 30_000);

async function passwordStep(page: Page, email: string, js: boolean) {
  await page.goto("/sign-in");
  if (js) await waitForHydration(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\/code$/);
}

/** Account → Security with JavaScript: sets up the authenticator and returns its key. */
async function setUpAuthenticator(page: Page, axe = false): Promise<string> {
  await page.goto("/account/security");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  if (axe) await expectNoSevereAxeViolations(page);
  const secret = (await page.locator("#totp-secret").textContent())!.trim();
  await page.getByLabel("Code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByText("Two-step sign-in is on")).toBeVisible();
  return secret;
}

async function codeStep(page: Page, code: string) {
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("w03 set up an authenticator, sign in in two steps, use a recovery code, also without JavaScript", async ({ page, browser }) => {
  // Eight sign-in steps in two browsers: 22 s alone, and over the default 30 s once on a loaded
  // two-core machine.
  test.setTimeout(60_000);
  const user = uniqueUser("Twostep");
  await register(page, user);
  const secret = await setUpAuthenticator(page, true);
  await expect(page.locator("#totp-secret")).toHaveCount(0);
  await page.getByRole("button", { name: "Make new recovery codes" }).click();
  await expect(page.locator(".recovery-codes code")).toHaveCount(10);
  const codes = await page.locator(".recovery-codes code").allTextContents();
  await expectNoSevereAxeViolations(page);

  await signOut(page);
  await passwordStep(page, user.email, true);
  await expect(page.getByText(`Signed in as ${user.name}`)).toHaveCount(0);
  await expectNoSevereAxeViolations(page);
  await codeStep(page, nextCode(secret));
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();

  // Without JavaScript: the code step is a plain form, and a recovery code works once.
  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await passwordStep(plain, user.email, false);
  await codeStep(plain, codes[0]);
  await expect(plain.getByText(`Signed in as ${user.name}`)).toBeVisible();
  await signOut(plain);
  await passwordStep(plain, user.email, false);
  await codeStep(plain, codes[0]);
  await expect(plain.locator("#field-code-error")).toContainText("That code is not right");
});

test("w04 recovery codes are shown once without JavaScript too", async ({ page, browser }) => {
  const user = uniqueUser("Codesnojs");
  await register(page, user);
  const secret = await setUpAuthenticator(page);

  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await passwordStep(plain, user.email, false);
  await codeStep(plain, nextCode(secret));
  await expect(plain.getByText(`Signed in as ${user.name}`)).toBeVisible();
  await plain.goto("/account/security");
  await plain.getByRole("button", { name: "Make new recovery codes" }).click();
  await expect(plain.locator(".recovery-codes code")).toHaveCount(10);
  await plain.goto("/account/security");
  await expect(plain.getByText("You have 10 unused recovery code(s)")).toBeVisible();
  await expect(plain.locator(".recovery-codes code")).toHaveCount(0);
});
