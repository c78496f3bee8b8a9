/** How long a queue consumer waits before a message is delivered again (Queues allows up to 12 hours). */

/** Seconds before the nth delivery is retried: 10, 20, 40, 80, then 160. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(10 * 2 ** (attempts - 1), 160);
}
