/**
 * Refuses the passwords attackers try first. The list is zxcvbn's (some 49,000 from public breach
 * corpora, MIT): those of 8 characters or more, since shorter ones fail the length rule anyway.
 */

// Isolate-wide and lazy: the list is decompressed (about 20 ms) only when a password is first chosen, not
// at every isolate start.
let common: Promise<Set<string>> | undefined;

function commonPasswords(): Promise<Set<string>> {
  common ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) => new Set(dictionary["passwords-common"].filter((password) => password.length >= 8)),
  );
  return common;
}

export async function isCommonPassword(password: string): Promise<boolean> {
  return (await commonPasswords()).has(password.toLowerCase());
}
