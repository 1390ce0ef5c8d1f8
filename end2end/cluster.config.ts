import { defineConfig } from "@playwright/test";
import { chromium } from "./chromium";

// Two release instances on one PostgreSQL behind nginx (#12). scripts/with-cluster.sh starts
// them and says where, so this config starts no server of its own:
//   scripts/with-postgres.sh scripts/with-cluster.sh npx --prefix end2end playwright test -c cluster.config.ts
const baseURL = process.env.CLUSTER_URL;
if (!baseURL) throw new Error("run under scripts/with-cluster.sh (it sets CLUSTER_URL)");

export default defineConfig({
  testDir: "./cluster",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  reporter: [["list"]],
  use: { baseURL, trace: "retain-on-failure" },
  // In this order: the database restart and the killed instance change the cluster for
  // whatever runs after them.
  projects: [
    { name: "instances", testMatch: /instances\.spec/, use: chromium },
    { name: "database-restart", testMatch: /database-restart\.spec/, dependencies: ["instances"], use: chromium },
    { name: "killed-instance", testMatch: /killed-instance\.spec/, dependencies: ["database-restart"], use: chromium },
  ],
});
