/** The Worker entry: the app is built once per isolate, when the module loads. */
import { createApp } from "./app";
import type { Bindings } from "./env";
import { queue } from "./queue";
import { scheduled } from "./scheduled";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled,
  queue,
} satisfies ExportedHandler<Bindings>;
