import { test, expect, Page } from "@playwright/test";
import { expectNoSevereAxeViolations, register, signOut, uniqueUser, waitForHydration } from "./helpers";

/** Chromium's virtual authenticator (CDP): a platform authenticator with resident keys that
 *  verifies the user and answers every prompt at once. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

type Authenticator = Awaited<ReturnType<typeof virtualAuthenticator>>;

/** The button, with autofill held back: the virtual authenticator answers at once any request
 *  it sees, autofill's included, so presence is switched off until autofill's request (which
 *  starts after the page asked the server for a ceremony) is waiting. */
async function passkeyButton(page: Page, { cdp, authenticatorId }: Authenticator) {
  await cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled: false });
  const autofillCeremony = page.waitForResponse((r) => r.url().endsWith("/api/start_passkey_sign_in"));
  await page.goto("/sign-in");
  await waitForHydration(page);
  await autofillCeremony;
  await page.waitForTimeout(300); // the browser hands autofill's request to the authenticator
  await cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled: true });
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
}

test("w01 add a passkey, sign in with it without typing an address, remove it", async ({ page }) => {
  const user = uniqueUser("Passkey");
  await register(page, user);
  const authenticator = await virtualAuthenticator(page);
  const { cdp, authenticatorId } = authenticator;
  await page.goto("/account/security");
  await waitForHydration(page);
  await page.getByLabel("Name of the new passkey").fill("Test laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.locator(".passkey strong")).toHaveText("Test laptop");
  await expect(page.locator(".passkey")).toContainText("not used yet");
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0].isResidentCredential).toBe(true);
  await expectNoSevereAxeViolations(page);

  // Autofill: the e-mail field offers the passkey; the virtual authenticator picks it.
  await signOut(page);
  await page.goto("/sign-in");
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  await signOut(page);
  await passkeyButton(page, authenticator);
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();

  await page.goto("/account/security");
  await waitForHydration(page);
  await expect(page.locator(".passkey")).toContainText("last used");
  await page.getByRole("button", { name: "Remove" }).click();
  await expect(page.locator(".passkey")).toHaveCount(0);

  // The authenticator still holds the key, but the site no longer accepts it.
  await signOut(page);
  await passkeyButton(page, authenticator);
  await expect(page.locator(".passkey-sign-in [role=alert]")).toContainText("not accepted");
  await expect(page.getByText(`Signed in as ${user.name}`)).toHaveCount(0);
});

test("w01 without JavaScript the passkey button says it needs JavaScript", async ({ browser }) => {
  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto("/sign-in");
  await expect(plain.getByRole("button", { name: "Sign in with a passkey" })).toBeDisabled();
  await expect(plain.getByText("Signing in with a passkey needs JavaScript.")).toBeVisible();
  await expect(plain.getByLabel("E-mail")).toHaveAttribute("autocomplete", "username webauthn");
});
