/** Hostile input for property-based tests (fast-check): strings, JSON values, bodies, queries, path segments, credentials. */
import fc from "fast-check";

/** Strings that have hurt servers: NUL, CRLF, lone surrogates, injections, 10k characters. */
const nasty = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\r\n",
  "x\r\nSet-Cookie: admin=1",
  "\ud800",
  "\udfff",
  "a\ud83db",
  "\ufeff",
  "\u202e",
  "' OR '1'='1",
  `'; drop table "user"; --`,
  "\\",
  "%",
  "%00",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as written
  "${7*7}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "NaN",
  "null",
  "true",
  "0",
  "-1",
  "1e309",
];

/** 10k characters each: past every field's limit. */
const long = ["a".repeat(10_000), "é".repeat(10_000), "\u0000".repeat(10_000), "\ud800".repeat(10_000)];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "binary-ascii", maxLength: 20 }),
  fc.constantFrom(...nasty, ...long),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...nasty), fc.string({ maxLength: 8 }))
    .map((parts) => parts.join("")),
);

/** Keys that tempt prototype pollution and mass assignment. */
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "role",
    "emailVerified",
    "userId",
    "banned",
    "id",
    "\u0000",
    "",
  ),
);

const primitive: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_VALUE, -0, 2 ** 53 + 1, 1e-320),
  hostileString,
);

/** Any JSON value, a few levels deep, built from hostile strings and keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    primitive,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** A request body as sent: its text, and how it prints in a counterexample (a megabyte does not). */
export interface HostileBody {
  text: string;
  [fc.toStringMethod]: () => string;
}

function body(text: string, label?: string): HostileBody {
  return {
    text,
    [fc.toStringMethod]: () => label ?? JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text),
  };
}

/** A megabyte, well past the body limit (built once). */
export const ONE_MEGABYTE = JSON.stringify({ email: "a@example.com", padding: "x".repeat(1024 * 1024) });

const invalidJson = fc.constantFrom(
  "{",
  '{"email": "unterminated',
  "{'email': 'single quotes'}",
  '{"a":1,}',
  '{"a":1}garbage',
  "\ufeff{}",
  "NaN",
  "undefined",
  "nul",
  "[",
  "\u0000",
  '{"a":"\\u0000"',
  '{"a":"\\ud800"}',
  '{"a":"\\x41"}',
);

const deepNesting = fc
  .integer({ min: 500, max: 30_000 })
  .chain((depth) =>
    fc.constantFrom(
      body(`${"[".repeat(depth)}${"]".repeat(depth)}`, `<${depth} nested arrays>`),
      body(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`, `<${depth} nested objects>`),
    ),
  );

/**
 * A body for an endpoint taking `fields`: mostly objects mixing plausible and hostile values for its own
 * fields plus hostile extra keys, then JSON that is not an object, malformed JSON, deep nesting, oversize.
 */
export function hostileBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<HostileBody> {
  const fieldValues = Object.fromEntries(
    Object.entries(fields).map(([name, plausible]) => [
      name,
      fc.oneof({ arbitrary: plausible, weight: 1 }, { arbitrary: hostileValue, weight: 2 }),
    ]),
  );
  const object = fc
    .tuple(
      fc.record(fieldValues, { requiredKeys: [] }),
      fc.dictionary(hostileKey, hostileValue, { maxKeys: 3 }),
      fc.option(hostileValue, { nil: undefined }),
    )
    .map(([known, extra, proto]) => {
      const text = JSON.stringify({ ...extra, ...known });
      // A literal "__proto__" key, which JSON.parse makes an own property and spreading objects might not.
      return body(
        proto === undefined
          ? text
          : `{"__proto__":${JSON.stringify(proto) ?? "null"}${text === "{}" ? "}" : `,${text.slice(1)}`}`,
      );
    });
  return fc.oneof(
    { arbitrary: object, weight: 12 },
    { arbitrary: hostileValue.map((value) => body(JSON.stringify(value) ?? "null")), weight: 2 },
    { arbitrary: invalidJson.map((text) => body(text)), weight: 2 },
    { arbitrary: deepNesting, weight: 1 },
    { arbitrary: fc.constant(body(ONE_MEGABYTE, "<1 MiB of JSON>")), weight: 1 },
    { arbitrary: fc.constant(body("")), weight: 1 },
  );
}

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant("application/json"), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      undefined,
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/problem+json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      "json",
      "",
    ),
    weight: 3,
  },
);

/** Percent-encodes what can be encoded; a lone surrogate becomes the (invalid) UTF-8 of one. */
export function encodePart(value: string): string {
  return value
    .split(/(\p{Cs})/u)
    .map((part) => (/^\p{Cs}$/u.test(part) ? "%ED%A0%80" : encodeURIComponent(part)))
    .join("");
}

const rawQueryJunk = fc.constantFrom("%", "%%", "%zz", "%00", "%0d%0a", "%ED%A0%80", "&&", "=", "a=1=2", "+", "%2B");

/** A query string (with its `?`) over `keys`: hostile values, repeated keys, raw broken escapes. */
export function hostileQuery(keys: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const pair = fc.oneof(
    ...Object.entries(keys).map(([key, plausible]) =>
      fc.oneof(plausible, hostileString).map((value) => `${key}=${encodePart(value)}`),
    ),
    fc.tuple(hostileString, hostileString).map(([key, value]) => `${encodePart(key)}=${encodePart(value)}`),
    rawQueryJunk,
  );
  return fc.array(pair, { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.join("&")}` : ""));
}

/** A path segment: never a dot segment, which URL parsing would resolve to another route. */
export const hostileSegment: fc.Arbitrary<string> = fc
  .oneof(hostileString.map(encodePart), rawQueryJunk, fc.constantFrom("%2F", "a%2Fb", "%5C", "x".repeat(300)))
  .filter((segment) => segment !== "" && !/^(\.|%2e){1,2}$/i.test(segment));

/** Header values a client can send (no CR, LF or NUL: fetch refuses those) that are not credentials. */
const junkToken = fc.oneof(
  fc.string({ unit: "grapheme-ascii", maxLength: 60 }),
  fc.base64String({ maxLength: 80 }),
  fc
    .tuple(fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 40 }))
    .map((parts) => `eyJ${parts.join(".").replaceAll("=", "")}`),
  fc.constantFrom("null", "undefined", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "a.b.c", "x".repeat(4000)),
);

export const junkCredentials: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({}),
  junkToken.map((token) => ({ authorization: `Bearer ${token}` })),
  junkToken.map((token) => ({ authorization: token })),
  junkToken.map((token) => ({ cookie: `better-auth.session_token=${token}` })),
  fc
    .tuple(junkToken, junkToken)
    .map(([token, data]) => ({ cookie: `better-auth.session_token=${token}; better-auth.session_data=${data}` })),
  junkToken.map((token) => ({ cookie: token })),
);
