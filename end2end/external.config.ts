import base from "./playwright.config";

// The slow-phone test alone, against a server someone else started (bench/slow_phone.py, which
// can point it at another build, such as a branch's, to compare builds back to back).
export default {
  ...base,
  webServer: undefined,
  projects: base.projects!.filter((p) => p.name === "slow-phone").map((p) => ({ ...p, dependencies: [] })),
};
