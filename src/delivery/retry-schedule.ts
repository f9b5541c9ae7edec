const FIRST_MS = 1000;
const MAX_MS = 5 * 60_000;

/** The wait after the `attempts`-th failed attempt: 1 s, doubling, at most 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_MS * 2 ** Math.max(0, attempts - 1), MAX_MS);
}
