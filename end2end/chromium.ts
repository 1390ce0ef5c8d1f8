import { devices } from "@playwright/test";

/** The browser every project uses. */
export const chromium = {
  ...devices["Desktop Chrome"],
  // Debian's Chromium: Playwright cannot download browsers on these machines.
  launchOptions: {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};
