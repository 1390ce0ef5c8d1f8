import { test, expect, Page, Browser } from "@playwright/test";
import { createHmac } from "crypto";
import { SHORT_SUDO_URL } from "../playwright.config";

const password = "correct horse battery";

function newAddress(): string {
  return `someone-${Date.now()}-${Math.floor(Math.random() * 1e9)}@example.org`;
}

/** The code an authenticator app with the base32 `key` shows now (RFC 6238: SHA-1, 30 s). */
function totp(key: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bits = [...key.replace(/=+$/, "")].map((c) => alphabet.indexOf(c).toString(2).padStart(5, "0")).join("");
  const secret = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const step = Buffer.alloc(8);
  step.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)));
  const mac = createHmac("sha1", secret).update(step).digest();
  const value = (mac.readUInt32BE(mac[19] & 0xf) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

async function register(page: Page, email: string) {
  await page.goto("/register");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password (at least 8 characters)").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-in\?registered/);
}

async function signIn(page: Page, email: string, secret = password) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(secret);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signedInElsewhere(browser: Browser, javaScriptEnabled: boolean, email: string) {
  const other = await browser.newContext({ javaScriptEnabled, userAgent: "Other browser" });
  const page = await other.newPage();
  await signIn(page, email);
  await expect(page.locator(".greeting")).toContainText(email);
  return page;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("register, sign in, end another session, sign out", async ({ page, browser }) => {
      const email = newAddress();
      await register(page, email);
      await expect(page.getByRole("status")).toContainText("its account is ready");
      // The page hydrated (or, without JavaScript, did not): the passkey button says which.
      const passkey = page.getByRole("button", { name: "Sign in with a passkey" });
      await (javaScriptEnabled ? expect(passkey).toBeEnabled() : expect(passkey).toBeDisabled());

      await signIn(page, email);
      await expect(page).toHaveURL(/\/$/);
      await expect(page.locator(".greeting")).toContainText(`Signed in as ${email}`);

      const other = await signedInElsewhere(browser, javaScriptEnabled, email);
      await page.getByRole("link", { name: "Where you are signed in" }).click();
      const sessions = page.locator(".auth-session");
      await expect(sessions).toHaveCount(2);
      await expect(page.locator(".auth-session-current")).toContainText("This browser");

      const elsewhere = sessions.filter({ hasText: "Other browser" });
      await elsewhere.getByRole("button", { name: "End this session" }).click();
      await expect(sessions).toHaveCount(1);
      await other.reload();
      await expect(other.getByText("You are not signed in.")).toBeVisible();

      await page.goto("/");
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByText("You are not signed in.")).toBeVisible();
      await page.goto("/sessions");
      await expect(page.getByText("You are not signed in.")).toBeVisible();
    });

    test("a wrong password and an unknown address get the same refusal", async ({ page }) => {
      const email = newAddress();
      await register(page, email);
      await signIn(page, email, "not the password");
      await expect(page.getByRole("alert")).toHaveText("Wrong e-mail or password.");
      await signIn(page, newAddress());
      await expect(page.getByRole("alert")).toHaveText("Wrong e-mail or password.");
      await page.goto("/");
      await expect(page.getByText("You are not signed in.")).toBeVisible();
    });

    test("a reset link is asked for with one answer for any address; no link, no change", async ({ page }) => {
      await page.goto("/sign-in");
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.getByLabel("E-mail").fill(newAddress());
      await page.getByRole("button", { name: "Send me a link" }).click();
      await expect(page).toHaveURL(/\/forgot-password\?sent/);
      await expect(page.getByRole("status")).toContainText("If that address has an account");
      // No link was opened in this browser: the reset page refuses and changes nothing.
      await page.goto("/reset-password");
      await page.getByLabel("Password (at least 8 characters)").fill("a new and better passphrase");
      await page.getByRole("button", { name: "Set the new password" }).click();
      await expect(page.getByRole("alert")).toHaveText(
        "This link has expired or was already used. Ask for a new one.",
      );
      // The same for the address-confirming button.
      await page.goto("/verify-email");
      await page.getByRole("button", { name: "Confirm my address" }).click();
      await expect(page.getByRole("alert")).toHaveText(
        "This link has expired or was already used. Ask for a new one.",
      );
    });

    test("a too short password is refused and registers nothing", async ({ page }) => {
      const email = newAddress();
      await page.goto("/register");
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password (at least 8 characters)").fill("short");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("alert")).toContainText("at least 8 characters");
      await signIn(page, email, "short");
      await expect(page.getByRole("alert")).toHaveText("Wrong e-mail or password.");
    });

    test("make an access token, read the account with it, revoke it", async ({ page, request }) => {
      const email = newAddress();
      await register(page, email);
      await signIn(page, email);
      await page.getByRole("link", { name: "Access tokens" }).click();
      await expect(page.getByText("No tokens yet.")).toBeVisible();

      await page.getByLabel("Name of the new token").fill("Backup script");
      await page.getByLabel("account:read").check();
      await page.getByRole("button", { name: "Create token" }).click();
      const shown = page.locator(".auth-new-token code");
      await expect(shown).toHaveText(/^accounts_pat_/);
      const bearer = { Authorization: `Bearer ${await shown.textContent()}` };
      const me = await request.get("/api/v1/me", { headers: bearer });
      expect(me.status()).toBe(200);
      expect((await me.json()).email).toBe(email);

      const row = page.locator(".auth-token").filter({ hasText: "Backup script" });
      await expect(row).toContainText("account:read");
      await row.getByRole("button", { name: "Revoke" }).click();
      await expect(page.getByText("No tokens yet.")).toBeVisible();
      expect((await request.get("/api/v1/me", { headers: bearer })).status()).toBe(401);
    });

    test("change the password: the other browser is signed out, the new one signs in", async ({ page, browser }) => {
      const email = newAddress();
      await register(page, email);
      await signIn(page, email);
      const other = await signedInElsewhere(browser, javaScriptEnabled, email);
      await page.getByRole("link", { name: "Passkeys, two-step sign-in, password" }).click();
      await page.getByLabel("Current password").fill(password);
      await page.getByLabel("Password (at least 8 characters)").fill("a longer new passphrase");
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(page.getByRole("status")).toContainText("Your password is changed.");
      await expect(page.locator(".greeting")).toContainText(email);

      await other.reload();
      await expect(other.getByText("You are not signed in.")).toBeVisible();
      await signIn(other, email, "a longer new passphrase");
      await expect(other.locator(".greeting")).toContainText(email);
    });

    test("turn on two-step sign-in with an app, then sign in with a recovery code", async ({ page, browser }) => {
      const email = newAddress();
      await register(page, email);
      await signIn(page, email);
      await page.getByRole("link", { name: "Passkeys, two-step sign-in, password" }).click();
      await expect(page.getByText("Two-step sign-in is off")).toBeVisible();

      await page.getByRole("button", { name: "Set up an authenticator app" }).click();
      const key = page.locator(".auth-setup-key");
      await expect(page.locator(".auth-qr svg")).toBeVisible();
      await page.getByLabel("Code", { exact: true }).fill(totp((await key.textContent())!));
      await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
      await expect(page.getByText("Two-step sign-in is on")).toBeVisible();
      await expect(key).toHaveCount(0);

      await page.getByRole("button", { name: "Make new recovery codes" }).click();
      const codes = page.locator(".auth-recovery-codes code");
      await expect(codes).toHaveCount(10);
      const code = (await codes.first().textContent())!;
      await page.reload();
      await expect(codes).toHaveCount(0);

      const other = await (await browser.newContext({ javaScriptEnabled })).newPage();
      await signIn(other, email);
      await expect(other).toHaveURL(/\/sign-in\/code/);
      await other.getByLabel("Code", { exact: true }).fill(code);
      await other.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(other.locator(".greeting")).toContainText(email);
    });
  });
}

test.describe("over HTTP, as a script would call", () => {
  const json = { Accept: "application/json" };

  test("a refusal has its own status, never a 500", async ({ request, baseURL }) => {
    const origin = { ...json, Origin: baseURL! };
    const wrong = await request.post("/api/auth/sign_in", {
      headers: origin,
      form: { email: newAddress(), password: "not the password" },
    });
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toBe("WrongCredentials");

    const short = await request.post("/api/auth/register", {
      headers: origin,
      form: { email: newAddress(), password: "short" },
    });
    expect(short.status()).toBe(422);

    const missing = await request.post("/api/auth/sign_in", { headers: origin, form: { email: "x" } });
    expect(missing.status()).toBe(400);

    const signedOut = await request.post("/api/auth/sessions", { headers: origin, form: {} });
    expect(signedOut.status()).toBe(401);
  });

  test("a form sent from another site is refused and registers nothing", async ({ request, baseURL }) => {
    const email = newAddress();
    const refused = await request.post("/api/auth/register", {
      headers: { ...json, Origin: "https://evil.example" },
      form: { email, password },
    });
    expect(refused.status()).toBe(403);
    const signIn = await request.post("/api/auth/sign_in", {
      headers: { ...json, Origin: baseURL! },
      form: { email, password },
    });
    expect(signIn.status()).toBe(401);
  });
});

test.describe("an open tab, with JavaScript", () => {
  test("hears that it was signed out in another tab", async ({ page, context }) => {
    const email = newAddress();
    await register(page, email);
    const listening = page.waitForRequest((request) => request.url().endsWith("/api/auth/events"));
    await signIn(page, email);
    await expect(page.locator(".greeting")).toContainText(email);
    await listening;

    const other = await context.newPage();
    await other.goto("/");
    await other.getByRole("button", { name: "Sign out" }).click();
    await expect(other.getByText("You are not signed in.")).toBeVisible();

    // The first tab, left alone, moves to the sign-in page and says why.
    await expect(page).toHaveURL(/\/sign-in\?ended/);
    await expect(page.getByRole("status")).toHaveText("You have been signed out.");
    // The tab that signed out stays where its own sign-out sent it.
    await expect(other).toHaveURL(/\/$/);
  });

  test("is warned before the idle limit, and staying signed in keeps it", async ({ page }) => {
    await page.clock.install();
    const email = newAddress();
    await register(page, email);
    await signIn(page, email);
    await expect(page.locator(".greeting")).toContainText(email);

    // The tab's own timer: 18 of the 20 idle minutes pass on the page's clock.
    const warning = page.getByRole("alertdialog");
    await expect(async () => {
      await page.clock.fastForward("19:00");
      await expect(warning).toBeVisible({ timeout: 500 });
    }).toPass();
    await expect(warning).toContainText("signed out in two minutes");
    const stayed = page.waitForResponse((response) => response.url().endsWith("/stay_signed_in"));
    await warning.getByRole("button", { name: "Stay signed in" }).click();
    await expect(warning).toBeHidden();
    expect((await stayed).status()).toBe(200);
    await expect(page.locator(".greeting")).toContainText(email);
  });
});

// The sudo prompt in the browser, on the server whose sudo window is four seconds: the test
// outwaits the window that signing in opened, as a tab left open would.
for (const javaScriptEnabled of [true, false]) {
  test.describe(`past the sudo window, ${javaScriptEnabled ? "with" : "without"} JavaScript`, () => {
    test.use({ javaScriptEnabled, baseURL: SHORT_SUDO_URL });

    test("making a token asks for the password again, then works", async ({ page }) => {
      const email = newAddress();
      await register(page, email);
      await signIn(page, email);
      await page.getByRole("link", { name: "Access tokens" }).click();
      await expect(page.getByText("No tokens yet.")).toBeVisible();
      await page.waitForTimeout(5_000);

      const create = async () => {
        await page.getByLabel("Name of the new token").fill("Backup script");
        await page.getByLabel("account:read").check();
        await page.getByRole("button", { name: "Create token" }).click();
      };
      await create();
      const prompt = page.getByRole("region", { name: "Confirm your password" });
      await expect(prompt).toContainText("confirm your password to continue");
      await expect(page.getByText("No tokens yet.")).toBeVisible();

      await prompt.getByLabel("Password").fill("not the password");
      await prompt.getByRole("button", { name: "Confirm your password" }).click();
      await expect(prompt.getByRole("alert")).toBeVisible();
      await prompt.getByLabel("Password").fill(password);
      await prompt.getByRole("button", { name: "Confirm your password" }).click();
      await expect(prompt).toBeHidden();

      await create();
      await expect(page.locator(".auth-new-token code")).toHaveText(/^accounts_pat_/);
      await expect(page.locator(".auth-token").filter({ hasText: "Backup script" })).toHaveCount(1);
    });
  });
}
