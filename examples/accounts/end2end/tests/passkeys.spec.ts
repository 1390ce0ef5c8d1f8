import { test, expect, Page } from "@playwright/test";

// Browsers allow passkeys only on a domain name, so this spec opens the example at localhost
// (the same server as the other spec's 127.0.0.1).
const port = Number(process.env.ACCOUNTS_E2E_PORT ?? 3200);
test.use({ baseURL: `http://localhost:${port}` });

const password = "correct horse battery";

/** Chromium's virtual authenticator (DevTools protocol): a platform passkey store that
 *  verifies the user and answers every prompt at once. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

async function registeredAndSignedIn(page: Page): Promise<string> {
  const email = `passkey-${Date.now()}-${Math.floor(Math.random() * 1e9)}@example.org`;
  await page.goto("/register");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password (at least 8 characters)").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-in\?registered/);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator(".greeting")).toContainText(email);
  return email;
}

test("add a passkey, sign in with it and no address, remove it", async ({ page }) => {
  await virtualAuthenticator(page);
  const email = await registeredAndSignedIn(page);

  await page.getByRole("link", { name: "Passkeys, two-step sign-in, password" }).click();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
  await page.getByLabel("Name of the new passkey").fill("Test laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.locator(".auth-passkey")).toContainText("Test laptop");

  await page.goto("/");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are not signed in.")).toBeVisible();

  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.locator(".greeting")).toContainText(`Signed in as ${email}`);

  await page.goto("/security");
  await expect(page.locator(".auth-passkey-used")).toBeVisible();
  await page.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the passkey button is off and says why", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeDisabled();
    await expect(page.getByText("Passkeys need JavaScript in this browser.")).toBeVisible();
  });
});
