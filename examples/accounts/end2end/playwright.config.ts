import { defineConfig, devices } from "@playwright/test";
import * as os from "os";
import * as path from "path";

// The example as `cargo leptos build` left it, on its own port and a throw-away database.
const port = Number(process.env.ACCOUNTS_E2E_PORT ?? 3200);
const root = path.resolve(__dirname, "..");
const dataDir = path.join(os.tmpdir(), `accounts-e2e-${process.pid}`);
// `cargo leptos build --release` for the release binary; the debug one otherwise.
const profile = process.env.ACCOUNTS_E2E_PROFILE ?? "debug";
export const SHORT_SUDO_URL = `http://127.0.0.1:${port + 1}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    ...devices["Desktop Chrome"],
    // Debian's Chromium: Playwright cannot download browsers on these machines.
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    },
    trace: "retain-on-failure",
  },
  // The app, and a second one whose sudo window is four seconds (SUDO_WINDOW_SECONDS), for the
  // tests that outwait it (SHORT_SUDO_URL).
  webServer: [server(port, "accounts.db", {}), server(port + 1, "short-sudo.db", { SUDO_WINDOW_SECONDS: "4" })],
});

function server(port: number, database: string, settings: Record<string, string>) {
  return {
    // The shared target folder: see ../.cargo/config.toml.
    command: path.join(root, "..", "..", "target", profile, "accounts-example"),
    cwd: root,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe" as const,
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(root, "target", "site"),
      DATABASE_URL: `sqlite://${path.join(dataDir, database)}`,
      RUST_LOG: process.env.E2E_LOG_LEVEL ?? "warn",
      // Every test's browser comes from 127.0.0.1, and the tests that run at once each hold an
      // attempt while their secret is compared: ten per three minutes (the default) would let
      // one test's deliberate wrong passwords lock another test out.
      SIGN_IN_FAILURES_PER_IP: "100",
      ...settings,
    },
  };
}
