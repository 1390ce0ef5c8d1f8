import { APIRequestContext, expect, test } from "@playwright/test";
import { register, signOutEverywhereElseFrom, uniqueUser, waitForHydration } from "../tests/helpers";
import { Instance, on, servedBy, serverFnHeaders, signedInBrowser } from "./cluster";

// Two instances on one PostgreSQL behind nginx (#12, D01–D03 of docs/SECURITY.md).

/** The signed-in page on `instance` (or wherever nginx sends it): who it shows, and who served it. */
async function accountPage(request: APIRequestContext, instance?: Instance) {
  const response = await request.get("/account/password", {
    headers: instance ? on(instance) : {},
    maxRedirects: 0,
  });
  const body = response.status() === 200 ? await response.text() : "";
  const name = body.match(/Signed in as <strong>([^<]*)<\/strong>/)?.[1] ?? null;
  return { status: response.status(), name, by: servedBy(response) };
}

test("d02 a session made through nginx works on both instances", async ({ page }) => {
  const user = uniqueUser("Both");
  await register(page, user);
  for (const instance of ["a", "b"] as const) {
    const seen = await accountPage(page.request, instance);
    expect(seen).toMatchObject({ status: 200, name: user.name, by: instance });
  }
  // Without a choice, nginx's round robin uses both.
  const servers = new Set<Instance>();
  for (let i = 0; i < 6; i++) {
    const seen = await accountPage(page.request);
    expect(seen).toMatchObject({ status: 200, name: user.name });
    servers.add(seen.by);
  }
  expect([...servers].sort()).toEqual(["a", "b"]);
});

test("d02 a session revoked on one instance is refused by the other at its next request", async ({ browser }) => {
  for (const [revokedOn, askedOn] of [["a", "b"], ["b", "a"]] as const) {
    const { context, user } = await signedInBrowser(browser, `Revoked-${revokedOn}`);
    expect(await accountPage(context.request, askedOn)).toMatchObject({ status: 200, name: user.name });

    await signOutEverywhereElseFrom(browser, user, { extraHTTPHeaders: on(revokedOn) });

    expect(await accountPage(context.request, askedOn)).toMatchObject({ status: 200, by: askedOn, name: null });
    const call = await context.request.post("/api/list_sessions", { headers: serverFnHeaders(askedOn) });
    expect(servedBy(call)).toBe(askedOn);
    expect(call.status()).toBe(401);
    await context.close();
  }
});

test("d03 the open tab hears of its sign-out whichever instance holds its stream", async ({ browser }) => {
  for (const [streamOn, revokedOn] of [["a", "b"], ["b", "a"]] as const) {
    const { context, page, user } = await signedInBrowser(browser, `Stream-${streamOn}`);
    await page.route("**/api/session_events", (route) =>
      route.continue({ headers: { ...route.request().headers(), ...on(streamOn) } }),
    );
    const stream = page.waitForResponse((r) => r.url().endsWith("/api/session_events"));
    await page.goto("/account/password");
    await waitForHydration(page);
    expect(servedBy(await stream)).toBe(streamOn);

    await signOutEverywhereElseFrom(browser, user, { extraHTTPHeaders: on(revokedOn) });

    await expect(page).toHaveURL(/\/sign-in\?ended=1$/, { timeout: 5_000 });
    await expect(page.getByRole("status")).toContainText("You have been signed out");
    await context.close();
  }
});

test("d01 failed sign-ins spread over both instances are throttled at one instance's count", async ({ request }) => {
  // One client address of its own (nginx is a trusted proxy, so the app believes the header),
  // so that no other test's sign-ins count; Leptos.toml's default is 10 failures per IP.
  const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
  const servers = new Set<Instance>();
  const attempt = (n: number) =>
    request.post("/api/sign_in", {
      headers: serverFnHeaders(n % 2 ? "a" : "b", { "X-Forwarded-For": ip }),
      form: { email: `nobody-${n}-${Date.now()}@example.org`, password: "not the password" },
    });
  for (let n = 1; n <= 10; n++) {
    const response = await attempt(n);
    expect(response.status(), `attempt ${n}`).toBe(401);
    servers.add(servedBy(response));
  }
  expect([...servers].sort()).toEqual(["a", "b"]);
  for (let n = 11; n <= 12; n++) {
    const refused = await attempt(n);
    expect(refused.status(), `attempt ${n}`).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  }
});
