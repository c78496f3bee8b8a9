/**
 * A WebAuthn platform authenticator in software, for tests and the bench that cannot drive a browser (the
 * workerd suite, the fault matrix, `npm run bench`): it answers the server's options JSON with the JSON a
 * browser's `PublicKeyCredential.toJSON()` gives, with a P-256 (ES256) discoverable credential, `none`
 * attestation and no signature counter, as Apple's and Google's synced passkeys do. The browser suite
 * (test/node/sign-in-in-browser.test.ts) covers the real authenticator; this one covers the server's side
 * of the ceremony wherever a browser would be too slow or absent.
 */

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}

interface RequestOptions {
  challenge: string;
  rpId?: string;
}

/** WebCrypto's key, named the way both runtimes' type definitions (workerd's and Node's) agree on. */
type Key = Parameters<typeof crypto.subtle.sign>[1];

interface KeyPair {
  privateKey: Key;
  publicKey: Key;
}

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;
/** COSE (RFC 9053): key type EC2, algorithm ES256, curve P-256. */
const COSE = { kty: 1, alg: 3, crv: -1, x: -2, y: -3, EC2: 2, ES256: -7, P256: 1 } as const;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

const utf8 = (text: string) => new TextEncoder().encode(text);

const concat = (...parts: Uint8Array[]) => {
  const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
};

const sha256 = async (bytes: Uint8Array) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));

type Cbor = number | string | Uint8Array | Map<number | string, Cbor>;

/** The CBOR (RFC 8949) subset attestation objects and COSE keys need: integers, strings, bytes, maps. */
function cbor(value: Cbor): Uint8Array {
  const head = (major: number, length: number) => {
    if (length < 24) return Uint8Array.of((major << 5) | length);
    if (length < 256) return Uint8Array.of((major << 5) | 24, length);
    return Uint8Array.of((major << 5) | 25, length >> 8, length & 255);
  };
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") return concat(head(3, utf8(value).length), utf8(value));
  if (value instanceof Uint8Array) return concat(head(2, value.length), value);
  return concat(head(5, value.size), ...[...value].flatMap(([key, item]) => [cbor(key), cbor(item)]));
}

/** An unsigned big-endian integer as DER encodes it: no leading zeros, and a zero before a set high bit. */
function derInteger(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const trimmed = bytes.slice(start);
  const body = (trimmed[0] ?? 0) & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed;
  return concat(Uint8Array.of(0x02, body.length), body);
}

/** WebCrypto signs ECDSA as r‖s; WebAuthn carries it as an ASN.1 DER sequence. */
function derSignature(raw: Uint8Array): Uint8Array {
  const sequence = concat(derInteger(raw.slice(0, 32)), derInteger(raw.slice(32)));
  return concat(Uint8Array.of(0x30, sequence.length), sequence);
}

export class SoftwareAuthenticator {
  private credential?: { id: Uint8Array; keys: KeyPair; userHandle: string };

  private readonly origin: string;

  /** `origin` is the page's origin, which the browser writes into the client data. */
  constructor(origin: string) {
    this.origin = origin;
  }

  /** Makes a new discoverable credential for the options of `generate-register-options`. */
  async register(options: CreationOptions) {
    const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
      "sign",
      "verify",
    ])) as KeyPair;
    const id = crypto.getRandomValues(new Uint8Array(32));
    this.credential = { id, keys, userHandle: options.user.id };
    const point = new Uint8Array((await crypto.subtle.exportKey("raw", keys.publicKey)) as ArrayBuffer);
    const publicKey = cbor(
      new Map<number, Cbor>([
        [COSE.kty, COSE.EC2],
        [COSE.alg, COSE.ES256],
        [COSE.crv, COSE.P256],
        [COSE.x, point.slice(1, 33)],
        [COSE.y, point.slice(33, 65)],
      ]),
    );
    const authenticatorData = concat(
      await this.rpIdHash(options.rp.id),
      Uint8Array.of(FLAG_USER_PRESENT | FLAG_USER_VERIFIED | FLAG_ATTESTED_CREDENTIAL),
      new Uint8Array(4),
      new Uint8Array(16),
      Uint8Array.of(id.length >> 8, id.length & 255),
      id,
      publicKey,
    );
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authenticatorData],
      ]),
    );
    return {
      id: base64url(id),
      rawId: base64url(id),
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: {
        clientDataJSON: base64url(this.clientData("webauthn.create", options.challenge)),
        attestationObject: base64url(attestationObject),
        transports: ["internal"],
      },
    };
  }

  /** Signs the challenge of `generate-authenticate-options` with the credential made by `register`. */
  async authenticate(options: RequestOptions) {
    const credential = this.credential;
    if (!credential) throw new Error("no credential: register one first");
    const authenticatorData = concat(
      await this.rpIdHash(options.rpId),
      Uint8Array.of(FLAG_USER_PRESENT | FLAG_USER_VERIFIED),
      new Uint8Array(4),
    );
    const clientDataJSON = this.clientData("webauthn.get", options.challenge);
    const signed = concat(authenticatorData, await sha256(clientDataJSON));
    const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, credential.keys.privateKey, signed);
    return {
      id: base64url(credential.id),
      rawId: base64url(credential.id),
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: {
        clientDataJSON: base64url(clientDataJSON),
        authenticatorData: base64url(authenticatorData),
        signature: base64url(derSignature(new Uint8Array(signature))),
        userHandle: credential.userHandle,
      },
    };
  }

  private clientData(type: string, challenge: string): Uint8Array {
    return utf8(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  /** A browser defaults the relying party to the page's host when the options name none. */
  private rpIdHash(rpId = new URL(this.origin).hostname): Promise<Uint8Array> {
    return sha256(utf8(rpId));
  }
}
