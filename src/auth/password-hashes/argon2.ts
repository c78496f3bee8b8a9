/**
 * Argon2 verification inside workerd: the reference C implementation compiled to WebAssembly by
 * @phi-ag/argon2, imported as a module at build time (Workers refuse to compile WebAssembly from bytes at
 * run time). Only its .wasm is used: the package's JS wrapper passes the password's UTF-16 length where
 * the C code wants its UTF-8 byte length, which breaks every non-ASCII password.
 */
import argon2Module from "@phi-ag/argon2/argon2.wasm";

interface Argon2Exports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  /** 0 on a match, ARGON2_VERIFY_MISMATCH on a wrong password, another negative code on any other error. */
  argon2_verify(encoded: number, password: number, passwordLength: number, type: number): number;
  argon2_error_message(code: number): number;
}

const ARGON2_VERIFY_MISMATCH = -35;
const ARGON2_TYPE = { argon2d: 0, argon2i: 1, argon2id: 2 } as const;

export type Argon2Variant = keyof typeof ARGON2_TYPE;

export type Argon2Outcome = { match: boolean } | { error: string };

const encoder = new TextEncoder();

// One instance per isolate: its memory grows to the largest cost verified (64 MiB at most, see
// ARGON2_MAX_MEMORY_KIB) and is reused, where a fresh instance per sign-in would leave each 64 MiB to a
// garbage collector that may not run before the next one.
let instance: Argon2Exports | undefined;

function argon2(): Argon2Exports {
  if (!instance) {
    const exports = new WebAssembly.Instance(argon2Module, {}).exports as unknown as Argon2Exports;
    exports._initialize();
    instance = exports;
  }
  return instance;
}

function cString(wasm: Argon2Exports, pointer: number): string {
  const heap = new Uint8Array(wasm.memory.buffer);
  const end = heap.indexOf(0, pointer);
  return new TextDecoder().decode(heap.subarray(pointer, end));
}

export function verifyArgon2(encoded: string, variant: Argon2Variant, password: string): Argon2Outcome {
  const wasm = argon2();
  const encodedBytes = encoder.encode(`${encoded}\0`);
  const passwordBytes = encoder.encode(password);
  const encodedPointer = wasm.malloc(encodedBytes.length);
  const passwordPointer = wasm.malloc(Math.max(passwordBytes.length, 1));
  try {
    // A view taken after both allocations: growing the memory detaches earlier views.
    const heap = new Uint8Array(wasm.memory.buffer);
    heap.set(encodedBytes, encodedPointer);
    heap.set(passwordBytes, passwordPointer);
    const code = wasm.argon2_verify(encodedPointer, passwordPointer, passwordBytes.length, ARGON2_TYPE[variant]);
    if (code === 0 || code === ARGON2_VERIFY_MISMATCH) return { match: code === 0 };
    return { error: cString(wasm, wasm.argon2_error_message(code)) };
  } finally {
    // The password does not outlive the call in the instance's memory.
    new Uint8Array(wasm.memory.buffer).fill(0, passwordPointer, passwordPointer + passwordBytes.length);
    wasm.free(passwordPointer);
    wasm.free(encodedPointer);
  }
}
