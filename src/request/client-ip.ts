/**
 * The client's address as Cloudflare's edge saw it. Only `cf-connecting-ip`: the edge sets it and clients
 * cannot; `X-Forwarded-For` and friends are whatever the client wants them to be.
 */
export function clientIp(headers: Headers): string | undefined {
  const ip = headers.get("cf-connecting-ip")?.trim();
  return ip && /^[0-9a-f.:]{2,45}$/i.test(ip) ? ip : undefined;
}
