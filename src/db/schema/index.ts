/** The whole database schema: Better Auth's tables, then persona-edge's own (one file per resource). */
export * from "./auth";
export * from "./interactions";
export * from "./profile";
export * from "./rate-limit";
