/** The whole database schema: Better Auth's tables, then persona-edge's own (one file per resource). */
export * from "./auth";
export * from "./consents";
export * from "./devices";
export * from "./interactions";
export * from "./notifications";
export * from "./profile";
export * from "./rate-limit";
export * from "./security-log";
