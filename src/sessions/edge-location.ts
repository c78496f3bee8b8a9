/**
 * Where Cloudflare's edge saw a request: country and timezone from `request.cf`, when it is there. Better
 * Auth's hooks see the request only for its own endpoints; our routes that call `auth.api` hand the
 * location over in a header of the headers they pass (`locatedHeaders`), set here from `cf` and never
 * taken from the client.
 */

export interface EdgeLocation {
  country: string | null;
  timezone: string | null;
}

const EDGE_LOCATION_HEADER = "x-persona-edge-location";

const NOWHERE: EdgeLocation = { country: null, timezone: null };

function fromCf(request: Request): EdgeLocation {
  const cf = (request as Request & { cf?: { country?: unknown; timezone?: unknown } }).cf;
  return {
    country: typeof cf?.country === "string" ? cf.country : null,
    timezone: typeof cf?.timezone === "string" ? cf.timezone : null,
  };
}

/** The request's headers, with the edge's location in a header of ours in place of anything the client sent. */
export function locatedHeaders(request: Request): Headers {
  const headers = new Headers(request.headers);
  headers.set(EDGE_LOCATION_HEADER, JSON.stringify(fromCf(request)));
  return headers;
}

function fromHeader(headers: Headers | undefined): EdgeLocation {
  try {
    const { country, timezone } = JSON.parse(headers?.get(EDGE_LOCATION_HEADER) ?? "null") ?? NOWHERE;
    return {
      country: typeof country === "string" ? country : null,
      timezone: typeof timezone === "string" ? timezone : null,
    };
  } catch {
    return NOWHERE;
  }
}

/**
 * The location of the request a Better Auth hook runs for: its own request when Better Auth has one (its
 * handler), else the header our routes set (`auth.api` calls pass headers only).
 */
export function edgeLocation(context: { request?: Request; headers?: Headers } | null | undefined): EdgeLocation {
  if (context?.request) return fromCf(context.request);
  return fromHeader(context?.headers);
}
