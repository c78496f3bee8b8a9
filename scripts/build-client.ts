/**
 * `npm run build:client`: the client kit (client/) built with esbuild, the bundler wrangler itself uses:
 *
 * - client/dist/index.js: the `persona-edge/client` package export, ES module, its dependencies (hono,
 *   better-auth) left to the application's bundler;
 * - public/kit/persona-edge.js and public/kit/persona-widget.js: script-tag builds (everything bundled,
 *   minified) served by Workers static assets, for sites without a bundler. The widget build leaves out
 *   Better Auth's client: a widget signs nobody in.
 *
 * Runs at `postinstall` and at the start of `npm run dev`; returns the gzip sizes `npm run bench` reports.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");

export interface KitSize {
  file: string;
  bytes: number;
  gzip_bytes: number;
}

const SCRIPT_TAG_BUILDS = [
  { entry: "client/browser/persona-edge.ts", out: "public/kit/persona-edge.js" },
  { entry: "client/browser/persona-widget.ts", out: "public/kit/persona-widget.js" },
];

export async function buildClientKit(): Promise<KitSize[]> {
  await build({
    absWorkingDir: root,
    entryPoints: ["client/index.ts"],
    outfile: "client/dist/index.js",
    bundle: true,
    packages: "external",
    format: "esm",
    target: "es2022",
    logLevel: "warning",
  });
  for (const { entry, out } of SCRIPT_TAG_BUILDS) {
    await build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: out,
      bundle: true,
      minify: true,
      format: "iife",
      target: "es2022",
      logLevel: "warning",
    });
  }
  return ["client/dist/index.js", ...SCRIPT_TAG_BUILDS.map(({ out }) => out)].map((file) => {
    const content = readFileSync(join(root, file));
    return { file, bytes: content.length, gzip_bytes: gzipSync(content, { level: 9 }).length };
  });
}

if (import.meta.main) {
  for (const { file, bytes, gzip_bytes } of await buildClientKit()) {
    console.log(`${file}: ${(bytes / 1024).toFixed(1)} KiB, ${(gzip_bytes / 1024).toFixed(1)} KiB gzipped`);
  }
}
