/**
 * Copies Scalar's single-file browser bundle (JS and CSS; no fonts, /docs turns them off) from node_modules
 * into public/scalar/<version>/, where Workers static assets serve it to /docs. Runs as `postinstall`, so
 * `npm ci` leaves it ready for `npm run dev`, the tests and `wrangler deploy`. Idempotent; removes the
 * copies of other versions so a deploy uploads only the one /docs points at.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { SCALAR_API_REFERENCE_VERSION, SCALAR_STANDALONE_PATH } from "../src/openapi/scalar-assets.ts";

const root = join(import.meta.dirname, "..");
const packageDir = join(root, "node_modules", "@scalar", "api-reference");
const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
// /docs asks for the version the constant names: a different installed one would be served under a wrong path.
if (version !== SCALAR_API_REFERENCE_VERSION) {
  console.error(
    `@scalar/api-reference ${version} is installed but src/openapi/scalar-assets.ts names ${SCALAR_API_REFERENCE_VERSION}: make them agree.`,
  );
  process.exit(1);
}

const scalarDir = join(root, "public", "scalar");
if (existsSync(scalarDir)) {
  for (const entry of readdirSync(scalarDir)) {
    if (entry !== version) rmSync(join(scalarDir, entry), { recursive: true, force: true });
  }
}
const target = join(root, "public", SCALAR_STANDALONE_PATH);
mkdirSync(dirname(target), { recursive: true });
copyFileSync(join(packageDir, "dist", "browser", "standalone.js"), target);
console.log(`copied @scalar/api-reference ${version} standalone.js to public${SCALAR_STANDALONE_PATH}`);
