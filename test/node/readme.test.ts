/**
 * The README runs as written: every ```sh block that curls `localhost:8787` is run by bash, line for line
 * and in order, against the Worker as `npm run dev` serves it (wrangler + workerd, a fresh local
 * database, so `ada@example.com` is free on every run). Only the reader's part is filled in: `TOKEN=…`
 * gets the sign-up answer's session_token. Off 8787 (taken), `localhost:8787` is rewritten to the test's
 * origin and nothing else. Each curl must answer < 400; its status is read by a bash `curl` function that
 * adds `-w`/`-o` to the README's command, which itself stays as written. Blocks that run no such curl
 * (`npm install && npm run dev`, `npx wrangler secret put …`, `npm run admin:grant …`) are skipped and
 * named in the describe's title.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unstable_startWorker } from "wrangler";
import { freePort } from "../../scripts/free-port.ts";
import { type LocalDatabase, startLocalDatabase } from "../../scripts/neon-local/start.ts";

const README_ORIGIN = "localhost:8787";

interface ShBlock {
  /** Line of the opening fence in README.md. */
  line: number;
  text: string;
}

function shBlocks(markdown: string): ShBlock[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((match) => ({
    line: markdown.slice(0, match.index).split("\n").length,
    text: match[1] ?? "",
  }));
}

/** A command line of the block (continuations and comments aside) that starts with curl. */
const curlLines = (block: ShBlock) => block.text.split("\n").filter((line) => /^\s*curl\s/.test(line));
const curlsTheApi = (block: ShBlock) => curlLines(block).length > 0 && block.text.includes(README_ORIGIN);

const blocks = shBlocks(readFileSync(new URL("../../README.md", import.meta.url), "utf8"));
const runnable = blocks.filter(curlsTheApi);
const skipped = blocks
  .filter((block) => !curlsTheApi(block))
  .map((block) => `line ${block.line} \`${block.text.split("\n")[0]?.trim()}\``)
  .join(", ");

/** Records each curl the README runs (args, HTTP status, exit code, body), and keeps the sign-up answer. */
const CURL_RECORDER = `
readme_calls=0
curl() {
  readme_calls=$((readme_calls + 1))
  local record="$README_RUN_DIR/$(printf '%03d' "$readme_calls")"
  printf '%s' "$*" > "$record.args"
  command curl "$@" -o "$record.body" -w '%{http_code}' > "$record.status"
  local code=$?
  printf '%s' "$code" > "$record.exit"
  cat "$record.body" 2>/dev/null; echo
  case "$*" in *"/api/auth/signup "*) cp "$record.body" "$README_RUN_DIR/signup.body" ;; esac
  return "$code"
}
`;

/** The one line the reader writes: the session_token of the sign-up answer. */
const FILL_TOKEN =
  'TOKEN=$(sed -nE \'s/.*"session_token":"([^"]+)".*/\\1/p\' "$README_RUN_DIR/signup.body")' +
  "   # filled in by test/node/readme.test.ts";

interface CurlRun {
  args: string;
  status: number;
  exit: number;
  body: string;
}

async function runBlock(block: ShBlock, origin: string): Promise<{ calls: CurlRun[]; token: string; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), "readme-"));
  try {
    const host = new URL(origin).host;
    const lines = block.text
      .replaceAll(README_ORIGIN, host)
      .split("\n")
      .map((line) => (/^TOKEN=(…|\.\.\.)/.test(line) ? FILL_TOKEN : line));
    const script = `${CURL_RECORDER}\n${lines.join("\n")}\nprintf '%s' "\${TOKEN:-}" > "$README_RUN_DIR/token"\n`;
    const output = await new Promise<string>((resolve, reject) => {
      const bash = spawn("bash", ["-c", script], { env: { ...process.env, README_RUN_DIR: dir } });
      let text = "";
      bash.stdout.on("data", (chunk) => {
        text += chunk;
      });
      bash.stderr.on("data", (chunk) => {
        text += chunk;
      });
      bash.on("error", reject);
      bash.on("close", () => resolve(text));
    });
    const records = (await readdir(dir)).filter((name) => name.endsWith(".args")).sort();
    const calls: CurlRun[] = [];
    for (const name of records) {
      const record = join(dir, name.replace(/\.args$/, ""));
      calls.push({
        args: await readFile(`${record}.args`, "utf8"),
        status: Number(await readFile(`${record}.status`, "utf8")),
        exit: Number(await readFile(`${record}.exit`, "utf8")),
        body: await readFile(`${record}.body`, "utf8").catch(() => ""),
      });
    }
    return { calls, token: await readFile(join(dir, "token"), "utf8"), output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether nothing listens on the port, on either loopback address `localhost` may mean. */
async function isFree(port: number): Promise<boolean> {
  for (const host of ["127.0.0.1", "::1"]) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
        .once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "EADDRNOTAVAIL"))
        .listen(port, host, () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

type Worker = Awaited<ReturnType<typeof unstable_startWorker>>;
let database: LocalDatabase;
let worker: Worker;
let origin: string;

beforeAll(async () => {
  database = await startLocalDatabase();
  // As `npm run dev` serves it (wrangler dev's default host and port) when 8787 is free.
  const [hostname, port] = (await isFree(8787)) ? ["localhost", 8787] : ["127.0.0.1", await freePort()];
  origin = `http://${hostname}:${port}`;
  process.env.DATABASE_URL = database.databaseUrl;
  process.env.BETTER_AUTH_SECRET = "node-test-secret-at-least-32-characters";
  worker = await unstable_startWorker({
    config: "wrangler.toml",
    bindings: { BETTER_AUTH_URL: { type: "plain_text", value: origin } },
    dev: { server: { hostname, port }, inspector: false, logLevel: "error" },
  });
  await worker.ready;
}, 120_000);

afterAll(async () => {
  await worker?.dispose();
  await database?.endpoint.close();
});

describe(`README.md's curl examples, run as written (skipped, no curl of ${README_ORIGIN}: ${skipped})`, () => {
  it("include the /health example and the sign-up … sign-out walk-through", () => {
    const all = runnable.map((block) => block.text).join("\n");
    for (const path of ["/health", "/api/auth/signup", "/api/auth/sign-out"]) expect(all).toContain(path);
  });

  it.each(runnable)("the block at line $line: every curl answers < 400", { timeout: 60_000 }, async (block) => {
    const { calls, token, output } = await runBlock(block, origin);
    console.log(
      `README.md line ${block.line}, against ${origin}:\n` +
        calls.map((call) => `  ${call.status} (exit ${call.exit})  curl ${call.args}`).join("\n"),
    );
    expect(calls.length, output).toBe(curlLines(block).length);
    for (const call of calls) {
      expect({ args: call.args, status: call.status, exit: call.exit }).toEqual({
        args: call.args,
        status: expect.toSatisfy((status: number) => status >= 200 && status < 400),
        exit: 0,
      });
    }
    // An answer the README shows in a comment (`# {"status":"ok",…}`) is what came back.
    curlLines(block).forEach((line, index) => {
      const shown = line.match(/#\s*(\{.*\})\s*$/)?.[1];
      if (shown) expect(JSON.parse(calls[index]?.body ?? "null"), line).toMatchObject(JSON.parse(shown));
    });

    if (block.text.includes("/api/auth/sign-out")) {
      expect(token).not.toBe("");
      const profile = await fetch(`${origin}/api/user/profile`, { headers: { authorization: `Bearer ${token}` } });
      expect(profile.status).toBe(401);
      const session = await fetch(`${origin}/api/auth/get-session`, { headers: { authorization: `Bearer ${token}` } });
      expect(await session.json()).toBeNull();
    }
  });
});
