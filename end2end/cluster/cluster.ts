import { APIResponse, Browser, BrowserContextOptions, expect } from "@playwright/test";
import { register, uniqueUser } from "../tests/helpers";

/** The two instances scripts/with-cluster.sh started behind nginx. */
export type Instance = "a" | "b";

const ports: Record<Instance, string> = {
  a: process.env.CLUSTER_A_PORT ?? "",
  b: process.env.CLUSTER_B_PORT ?? "",
};

/** Headers that make nginx send a request to `instance` (a test-only rule of with-cluster.sh). */
export function on(instance: Instance): Record<string, string> {
  return { "X-Test-Instance": instance };
}

/** Which instance answered, from nginx's `X-Upstream` (the last address when it tried several). */
export function servedBy(response: APIResponse | { headers(): Record<string, string> }): Instance {
  const tried = (response.headers()["x-upstream"] ?? "").split(",").map((s) => s.trim());
  const port = tried[tried.length - 1]?.split(":").pop();
  const instance = (Object.keys(ports) as Instance[]).find((name) => ports[name] === port);
  expect(instance, `X-Upstream "${tried.join(", ")}" names an instance`).toBeDefined();
  return instance!;
}

/** The process of `instance`, for the test that kills one. */
export function pidOf(instance: Instance): number {
  return Number(instance === "a" ? process.env.CLUSTER_A_PID : process.env.CLUSTER_B_PID);
}

/** A server function call as the hydrated app makes it (JSON answer), on `instance`. */
export function serverFnHeaders(instance?: Instance, extra: Record<string, string> = {}) {
  return {
    ...(instance ? on(instance) : {}),
    Origin: process.env.CLUSTER_URL!,
    Accept: "application/json",
    ...extra,
  };
}

/** A new browser (context) with a new account in it, registered, verified and signed in. */
export async function signedInBrowser(browser: Browser, label: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const user = uniqueUser(label);
  await register(page, user);
  return { context, page, user };
}
