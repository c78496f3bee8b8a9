/** Where Cloudflare's edge saw a request: country and timezone from `request.cf`, when it is there. */

export interface EdgeLocation {
  country: string | null;
  timezone: string | null;
}

export function edgeLocation(request: Request | undefined): EdgeLocation {
  const cf = (request as (Request & { cf?: { country?: unknown; timezone?: unknown } }) | undefined)?.cf;
  return {
    country: typeof cf?.country === "string" ? cf.country : null,
    timezone: typeof cf?.timezone === "string" ? cf.timezone : null,
  };
}
