import { APIRequestContext, APIResponse, expect, request as http, test } from "@playwright/test";
import { execFileSync } from "child_process";
import { PASSWORD } from "../tests/helpers";
import { serverFnHeaders } from "./cluster";

// R05: PostgreSQL stops and starts again (a restart, as in a minor upgrade or a failover) while
// a bounded load runs against instance a. Only 200s (and the redirects a page makes) or 503s
// with Retry-After meanwhile, never a 500; the instance recovers by itself; nothing committed is
// lost: every post it said it saved is there, and every session it started still works.

const baseURL = process.env.CLUSTER_URL!;
const postgres = (verb: "stop" | "start") => execFileSync(process.env.TEST_POSTGRES_CTL!, [verb], { stdio: "ignore" });
const OUTAGE_MS = 7_000; // longer than the pool's 5 s wait for a connection, so requests see it

type Seen = { status: number; retryAfter?: string; what: string };

async function signIn(email: string) {
  const client = await http.newContext({ baseURL });
  const response = await client.post("/api/sign_in", {
    headers: serverFnHeaders("a"),
    form: { email, password: PASSWORD },
  });
  return { client, response };
}

test("r05 a PostgreSQL restart under load answers only 503s meanwhile and loses nothing", async () => {
  test.setTimeout(120_000);
  const email = `restart-admin-${Date.now()}@example.org`;
  const admin = await http.newContext({ baseURL });
  const setup = await admin.post("/api/create_first_admin", {
    headers: serverFnHeaders("a"),
    form: { email, display_name: "Restart Admin", password: PASSWORD },
  });
  expect(setup.status(), await setup.text()).toBeLessThan(400);

  const seen: Seen[] = [];
  const saved: string[] = [];
  const sessions: APIRequestContext[] = [];
  const record = (what: string, response: APIResponse) => {
    seen.push({ status: response.status(), retryAfter: response.headers()["retry-after"], what });
  };
  let running = true;
  let posts = 0;
  const pages = async () => {
    while (running) {
      record("page", await admin.get("/account/password", { headers: { "X-Test-Instance": "a" }, maxRedirects: 0 }));
    }
  };
  const writes = async () => {
    while (running && posts < 60) {
      const title = `Saved during the restart ${++posts}`;
      const response = await admin.post("/api/save_post", {
        headers: serverFnHeaders("a"),
        form: { title, body: "Committed means kept.", published: "on" },
      });
      record("post", response);
      if (response.status() === 200) saved.push(await response.json());
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  const signIns = async () => {
    while (running && sessions.length < 8) {
      const { client, response } = await signIn(email);
      record("sign-in", response);
      if (response.status() === 200) sessions.push(client);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const fault = async () => {
    await new Promise((r) => setTimeout(r, 1_500));
    postgres("stop");
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    postgres("start");
    // Then load on until the instance has shown it recovered.
    await expect(async () => {
      const response = await admin.get("/account/password", { headers: { "X-Test-Instance": "a" } });
      expect(response.status()).toBe(200);
    }).toPass({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    running = false;
  };
  await Promise.all([pages(), writes(), signIns(), fault()]);

  const count = (status: number) => seen.filter((s) => s.status === status).length;
  console.log(`restart under load: ${seen.length} answers, ${count(200)} × 200, ${count(503)} × 503; ` +
    `${saved.length} posts saved, ${sessions.length} sessions started`);
  const unexpected = seen.filter((s) => ![200, 503].includes(s.status));
  expect(unexpected, "only 200 or 503").toEqual([]);
  const unavailable = seen.filter((s) => s.status === 503);
  expect(unavailable.length, "the outage was seen").toBeGreaterThan(0);
  expect(unavailable.filter((s) => !(Number(s.retryAfter) > 0)), "every 503 has Retry-After").toEqual([]);
  const tail = seen.slice(-6);
  expect(tail.map((s) => s.status), "recovered").toEqual(tail.map(() => 200));

  expect(saved.length).toBeGreaterThan(0);
  for (const slug of saved) {
    const post = await admin.get(`/api/v1/posts/${slug}`);
    expect(post.status(), `post ${slug}`).toBe(200);
  }
  expect(sessions.length).toBeGreaterThan(0);
  for (const session of [admin, ...sessions]) {
    const page = await session.get("/account/password", { maxRedirects: 0 });
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain("Signed in as <strong>Restart Admin</strong>");
  }
});
