import { BrowserContext, expect, test } from "@playwright/test";
import { waitForHydration } from "../tests/helpers";
import { Instance, on, pidOf, servedBy, signedInBrowser } from "./cluster";

// R03 and D02 across instances: an instance killed with SIGKILL takes no session with it; nginx
// sends everything to the other, which serves every session, wherever it was made.
test("r03 killing one instance loses no session and the other keeps serving", async ({ browser }) => {
  const made: { user: { name: string }; state: Awaited<ReturnType<BrowserContext["storageState"]>> }[] = [];
  for (const instance of ["a", "b"] as Instance[]) {
    const { context, user } = await signedInBrowser(browser, `Made-on-${instance}`, { extraHTTPHeaders: on(instance) });
    made.push({ user, state: await context.storageState() });
    await context.close();
  }

  process.kill(pidOf("b"), "SIGKILL");

  for (const { user, state } of made) {
    const context = await browser.newContext({ storageState: state });
    for (let i = 0; i < 4; i++) {
      const response = await context.request.get("/account/password", { maxRedirects: 0 });
      expect(response.status()).toBe(200);
      expect(servedBy(response)).toBe("a");
      expect(await response.text()).toContain(`Signed in as <strong>${user.name}</strong>`);
    }
    const page = await context.newPage();
    await page.goto("/");
    await waitForHydration(page);
    await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
    await context.close();
  }
});
