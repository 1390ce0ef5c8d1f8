import { defineConfig } from "@playwright/test";
import { chromium } from "./chromium";
import * as os from "os";
import * as path from "path";

// The app under test: the release build, on its own port and a throw-away database.
// E2E_SERVER names another server binary: the README test command runs a development
// build of the server (see scripts/test.sh) against the release browser bundle in target/site.
const port = Number(process.env.E2E_PORT ?? 3100);
// A host name, not an IP address: browsers allow passkeys only on a domain (localhost counts).
const baseURL = `http://localhost:${port}`;
const root = path.resolve(__dirname, "..");
const server = process.env.E2E_SERVER ?? path.join(root, "target", "release", "quire");
const dataDir = path.join(os.tmpdir(), `quire-e2e-${process.pid}`);
const database = path.join(dataDir, "quire.db");

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      testIgnore: /slow-phone|screenshots/,
      use: chromium,
    },
    {
      // After the rest, so the blog story has left posts to read; alone, so nothing else
      // competes for the throttled CPU.
      name: "slow-phone",
      testMatch: /slow-phone/,
      dependencies: ["chromium"],
      use: chromium,
    },
    {
      // The README's pictures, taken after the rest so the home page has posts to show, and
      // after the slow phone so as not to compete with its measurement.
      name: "screenshots",
      testMatch: /screenshots/,
      dependencies: ["slow-phone"],
      use: chromium,
    },
  ],
  webServer: {
    command: server,
    cwd: root,
    // Node may resolve localhost to ::1 first; the server listens on 127.0.0.1.
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    env: {
      LEPTOS_SITE_ROOT: path.join(root, "target", "site"),
      QUIRE_SITE_ADDRESS: `127.0.0.1:${port}`,
      QUIRE_SITE_ORIGIN: baseURL,
      QUIRE_DATABASE_URL: `sqlite://${database}`,
      // The development outbox: tests read mailed links at /outbox.
      QUIRE_MAIL_OUTBOX_DIR: path.join(dataDir, "outbox"),
      QUIRE_LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      // Every test registers from 127.0.0.1: more than a real network would in an hour.
      QUIRE_LIMITS_REGISTRATIONS_PER_IP: "1000",
    },
  },
});
