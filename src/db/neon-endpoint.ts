/** Points the Neon HTTP driver at the local endpoint when DATABASE_URL names this machine; Neon URLs are untouched. */
import { neonConfig } from "@neondatabase/serverless";

function isLocalDatabaseHost(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname.startsWith("127.") ||
    hostname === "::1" ||
    hostname === "[::1]"
  );
}

const neonDefaultEndpoint = neonConfig.fetchEndpoint;

// neonConfig is isolate-wide, and the driver offers no per-client endpoint; deciding by host keeps one
// code path for production and local use, and Neon hosts still reach the driver's own default.
neonConfig.fetchEndpoint = (host, port, options) => {
  if (isLocalDatabaseHost(host)) return `http://${host}:${port || 5432}/sql`;
  return typeof neonDefaultEndpoint === "function" ? neonDefaultEndpoint(host, port, options) : neonDefaultEndpoint;
};
