/** A minimal cookie jar: what a browser would send back after each answer. */
export class CookieJar {
  #cookies = new Map<string, string>();

  /** Takes every Set-Cookie of a response: new values replace old ones, expired ones are dropped. */
  take(response: Response): this {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === "";
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return this;
  }

  /** The cookies of this moment, kept apart from later answers (e.g. to replay a request with them). */
  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [name, value] of this.#cookies) copy.#cookies.set(name, value);
    return copy;
  }

  has(namePart: string): boolean {
    return [...this.#cookies.keys()].some((name) => name.includes(namePart));
  }

  get header(): { cookie: string } {
    return { cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ") };
  }
}
