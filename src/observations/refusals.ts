/**
 * Whether the database refused a statement for the data it carried (SQLSTATE class 22, data
 * exception, or 54, program limit exceeded): sending it again fails again, unlike a lost
 * connection or a server restarting.
 */
export function refusedForItsData(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('54'));
}

/** Why a refused item was not stored, as the dead-letter topic and the CLI report it. */
export const refusalReason = (error: Error) => `refused by the event store: ${error.message}`;

/**
 * Appends `items`; if the store refuses the batch for its data, halves it until each refused
 * item stands alone, so one bad item costs its neighbours only a few more appends, never
 * their place. Any other failure is thrown, for the caller to retry. Resolves with the
 * refused items and why, in order.
 */
export async function appendIsolating<T>(
  items: readonly T[],
  append: (items: readonly T[]) => Promise<unknown>,
): Promise<{ item: T; error: Error }[]> {
  if (items.length === 0) return [];
  try {
    await append(items);
    return [];
  } catch (error) {
    if (!refusedForItsData(error)) throw error;
    if (items.length === 1) return [{ item: items[0], error: error as Error }];
    const half = Math.ceil(items.length / 2);
    return [...(await appendIsolating(items.slice(0, half), append)), ...(await appendIsolating(items.slice(half), append))];
  }
}
