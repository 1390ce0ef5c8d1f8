import { test, expect, Browser, Page } from "@playwright/test";
import {
  expectNoSevereAxeViolations,
  PASSWORD,
  register,
  registerOnly,
  signIn,
  uniqueUser,
  verifyAddress,
  waitForHydration,
} from "./helpers";

// One server, one first admin: the blog's story runs in order, each step building on the last.
test.describe.configure({ mode: "serial" });

async function expectAccessible(page: Page) {
  await waitForHydration(page);
  await expectNoSevereAxeViolations(page);
}

/**
 * Fills the editor's title and body until both hold. Twice in a fresh-clone run on a loaded
 * two-core machine, text typed right after the editor hydrated was lost from one field (the
 * body once, the title once); not reproduced by hand. Kept visible here rather than hidden.
 */
async function fillEditor(page: Page, title: string, body: string) {
  await expect(async () => {
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Body (Markdown)").fill(body);
    await expect(page.getByLabel("Title")).toHaveValue(title, { timeout: 500 });
    await expect(page.getByLabel("Body (Markdown)")).toHaveValue(body, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
}

async function newPage(browser: Browser) {
  return (await browser.newContext()).newPage();
}

/** On Admin → Users: finds `name` and returns its row. */
async function findUser(admin: Page, user: { name: string; email: string }) {
  await admin.goto("/admin/users");
  await waitForHydration(admin);
  await admin.getByLabel("Search by name or e-mail").fill(user.email);
  await admin.getByRole("button", { name: "Search" }).click();
  await expect(admin).toHaveURL(/q=/);
  const row = admin.getByRole("row").filter({ hasText: user.email });
  await expect(row).toHaveCount(1);
  return row;
}

async function setRole(admin: Page, user: { name: string; email: string }, role: string) {
  const row = await findUser(admin, user);
  await admin.getByLabel(`Role of ${user.name}`, { exact: true }).selectOption(role);
  await admin.getByRole("button", { name: `Save role of ${user.name}` }).click();
  await expect(row.getByRole("cell", { name: role, exact: true })).toBeVisible();
}

let admin: Page;
let author: Page;
let reader: Page;
const writer = uniqueUser("Author");
const commenter = uniqueUser("Reader");
let postUrl = "";

test("first-run setup creates the admin, then /setup is gone; the admin promotes an author", async ({ browser }) => {
  admin = await newPage(browser);
  await admin.goto("/setup");
  await expectAccessible(admin);
  await admin.getByLabel("Name").fill("Site Admin");
  await admin.getByLabel("E-mail").fill(uniqueUser("Admin").email);
  await admin.getByLabel("Password").fill(PASSWORD);
  await admin.getByRole("button", { name: "Create the admin account" }).click();
  await expect(admin.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(admin.getByText("Signed in as Site Admin")).toBeVisible();
  const gone = await admin.request.get("/setup");
  expect(gone.status()).toBe(404);

  author = await newPage(browser);
  await register(author, writer);
  await setRole(admin, writer, "author");
  await expectAccessible(admin);
});

test("the author writes a Markdown post with a live preview, and it appears on the home page", async () => {
  await author.goto("/");
  await author.getByRole("link", { name: "Write" }).click();
  await expect(author.getByRole("heading", { name: "New post" })).toBeVisible();
  await waitForHydration(author);
  await expect(author.getByRole("region", { name: "Preview" })).toBeVisible(); // editor hydrated
  const body = "## Markdown works\n\nSome **bold** words.\n\n<img src=x alt=\"broken\" onerror=\"window.__xss = 1\">";
  await fillEditor(author, `Hello from ${writer.name}`, body);
  const preview = author.getByRole("region", { name: "Preview" });
  // The preview is rendered by the server 300 ms after typing stops; on a loaded two-core CI
  // machine that round trip has taken longer than the default 10 s.
  await expect(preview.locator("strong")).toHaveText("bold", { timeout: 20_000 });
  await expect(preview.locator("[onerror]")).toHaveCount(0);
  await expectAccessible(author);
  await author.getByLabel("Published (visible to everyone)").check();
  await author.getByRole("button", { name: "Save" }).click();
  // The preview shows the same heading, so wait for the post's own page first.
  await expect(author).toHaveURL(/\/posts\/hello-from-author-/);
  await expect(author.getByRole("heading", { level: 1, name: `Hello from ${writer.name}` })).toBeVisible();
  await expect(author.getByRole("heading", { name: "Markdown works" })).toBeVisible();
  postUrl = new URL(author.url()).pathname;

  await author.goto("/");
  await expect(author.getByRole("link", { name: `Hello from ${writer.name}` })).toBeVisible();
  await author.goto("/my-posts");
  await expectAccessible(author);
});

test("x03 the editor reopens a body that closes its textarea exactly, and hydrates cleanly", async () => {
  const errors: string[] = [];
  author.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const body = "\nLine one</textarea><b id=\"planted\">x</b> &lt; &amp; <!-- note -->\n";
  await author.goto("/write");
  await waitForHydration(author);
  // The app's marker flips when the shell hydrates; the editor inside its Suspense may hydrate
  // a moment later, and a title typed before that was once lost. The preview appears only once
  // the editor itself has hydrated.
  await expect(author.getByRole("region", { name: "Preview" })).toBeVisible();
  await fillEditor(author, `Round trip ${writer.name}`, body);
  await author.getByRole("button", { name: "Save" }).click();
  await expect(author).toHaveURL(/\/posts\/round-trip-/);
  await author.goto(`${new URL(author.url()).pathname}/edit`);
  await waitForHydration(author);
  await expect(author.getByLabel("Body (Markdown)")).toHaveValue(body);
  await expect(author.locator("#planted")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a reader comments, and an XSS comment is shown as text and runs nothing", async ({ browser }) => {
  reader = await newPage(browser);
  let dialogs = 0;
  reader.on("dialog", async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  await register(reader, commenter);
  await reader.goto(postUrl);
  await waitForHydration(reader);
  await reader.getByLabel("Your comment").fill("Lovely post, thanks!");
  await reader.getByRole("button", { name: "Post comment" }).click();
  await expect(reader.locator(".comment-body").filter({ hasText: "Lovely post, thanks!" })).toBeVisible();

  const payload = `<script>alert("xss")</script><img src=x onerror="alert('xss'); window.__xss = 2">`;
  await reader.getByLabel("Your comment").fill(payload);
  await reader.getByRole("button", { name: "Post comment" }).click();
  await expect(reader.locator(".comment-body").filter({ hasText: payload })).toBeVisible();
  await reader.reload();
  await waitForHydration(reader);
  await expect(reader.locator(".comment-body").filter({ hasText: payload })).toBeVisible();
  expect(await reader.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toBe(0);
  await expectAccessible(reader);
});

for (const js of [true, false]) {
  test(`m08 a new reader is asked to verify before commenting, follows the link, then comments${js ? "" : " (no JS)"}`, async ({ browser }) => {
    const page = await (await browser.newContext({ javaScriptEnabled: js })).newPage();
    const user = uniqueUser(js ? "Newcomer" : "Newcomernojs");
    await registerOnly(page, user, js);
    await signIn(page, user.email, PASSWORD, js);
    await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
    await page.goto(postUrl);
    if (js) await expectAccessible(page);
    await expect(page.getByText("Verify your e-mail address to comment")).toBeVisible();
    await expect(page.getByLabel("Your comment")).toHaveCount(0);

    await verifyAddress(page, user.email, js);
    await page.goto(postUrl);
    if (js) await waitForHydration(page);
    await page.getByLabel("Your comment").fill(`Verified, ${user.name}`);
    await page.getByRole("button", { name: "Post comment" }).click();
    await expect(page.locator(".comment-body").filter({ hasText: `Verified, ${user.name}` })).toBeVisible();
  });
}

test("without JavaScript a reader comments and deletes their comment with plain forms", async ({ browser }) => {
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  const plain = uniqueUser("Plain");
  await register(page, plain, false);
  await page.goto(postUrl);
  await page.getByLabel("Your comment").fill("Posted by a plain form");
  await page.getByRole("button", { name: "Post comment" }).click();
  const mine = page.locator(".comment").filter({ hasText: "Posted by a plain form" });
  await expect(mine).toBeVisible();
  await mine.getByRole("button", { name: `Delete comment by ${plain.name}` }).click();
  await expect(page.getByText("Posted by a plain form")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Markdown works" })).toBeVisible();
});

test("the admin deactivates the reader, whose next click shows them signed out", async () => {
  await expect(reader.getByText(`Signed in as ${commenter.name}`)).toBeVisible();
  await findUser(admin, commenter);
  await admin.getByRole("button", { name: `Deactivate ${commenter.name}` }).click();
  const row = admin.getByRole("row").filter({ hasText: commenter.email });
  await expect(row.getByRole("cell", { name: "Deactivated" })).toBeVisible();

  await reader.getByRole("link", { name: "Quire" }).click();
  // Two right answers, depending on which comes first: the click (the home page, signed out)
  // or the tab hearing of its end (the signed-out watch takes it to the sign-in page, which
  // can land after the click). Either way the header must say signed out.
  await expect(reader).toHaveURL(/\/$|\/sign-in\?ended=1$/);
  const account = reader.getByRole("navigation", { name: "Account" });
  await expect(account.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expect(reader.getByText(`Signed in as ${commenter.name}`)).toHaveCount(0);
});

test("a demoted author can no longer open the editor", async () => {
  await setRole(admin, writer, "reader");
  await author.goto("/write");
  await expect(author.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(author.getByLabel("Body (Markdown)")).toHaveCount(0);
  await expect(author.getByRole("link", { name: "Write" })).toHaveCount(0);
});

test("the admin moderates and reads the audit log", async () => {
  await admin.goto("/admin/moderation");
  await expectAccessible(admin);
  await admin.getByRole("button", { name: /^Delete comment by Reader/ }).first().click();
  await expect(admin.getByRole("button", { name: /^Delete comment by Reader/ })).toHaveCount(1);

  await admin.goto("/admin/audit");
  await expectAccessible(admin);
  await admin.getByLabel("Event").selectOption("user_deactivated");
  await admin.getByRole("button", { name: "Filter" }).click();
  await expect(admin.locator("table.audit tbody tr")).toHaveCount(1);
  await expect(admin.locator("table.audit")).toContainText(commenter.name);

  await findUser(admin, writer);
  await admin.getByRole("link", { name: `Tokens of ${writer.name}` }).click();
  await expect(admin.getByRole("heading", { name: `Tokens of ${writer.name}` })).toBeVisible();
  await expectAccessible(admin);
});

test("comments are paged, and a new comment takes its author to the page that shows it", async ({ browser }) => {
  const pager = await newPage(browser);
  await register(pager, uniqueUser("Pager"));
  await pager.goto(postUrl);
  await waitForHydration(pager);
  // Twenty a page, oldest first: comment until one lands on page 2, then it is the only one there.
  for (let n = 1; n <= 21 && !/page=2/.test(pager.url()); n++) {
    await pager.getByLabel("Your comment").fill(`Comment number ${n}`);
    await pager.getByRole("button", { name: "Post comment" }).click();
    await expect(pager.locator(".comment-body").filter({ hasText: `Comment number ${n}` })).toBeVisible();
  }
  await expect(pager).toHaveURL(/\?page=2#comment-\d+$/);
  await expect(pager.locator(".comment")).toHaveCount(1);
  await expect(pager.getByRole("heading", { name: "Comments (21)" })).toBeVisible();
  await pager.getByRole("link", { name: "← Earlier" }).click();
  await expect(pager.locator(".comment")).toHaveCount(20);
  await expectAccessible(pager);
});
