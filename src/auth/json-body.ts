/**
 * `curl -X POST …/api/auth/sign-out` sends no Content-Type and an empty body, which Better Auth refuses as
 * an unsupported media type (415). An empty body is no body: it reaches Better Auth as an empty JSON object.
 */
export async function asJsonBody(request: Request): Promise<Request> {
  if (request.method !== "POST" || request.headers.has("content-type")) return request;
  if (request.body && (await request.clone().arrayBuffer()).byteLength > 0) return request;
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/json");
  return new Request(request, { headers, body: "{}", cf: request.cf });
}
