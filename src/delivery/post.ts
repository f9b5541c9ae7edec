/** What one POST came to: the receiver's status, or why no answer came. */
export type PostResult = { status: number } | { error: string };

/**
 * POSTs a body and waits at most `timeoutMs` for the whole answer, so a hanging receiver
 * costs one timeout, never a stuck worker. Never throws.
 */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<PostResult> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal });
    // read to the end, so the connection goes back to the pool
    await response.arrayBuffer();
    return { status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (timeout.aborted) return { error: `no answer within ${timeoutMs} ms` };
    return { error: cause?.code ?? (error as Error).message };
  }
}

/** sent: done; skip: the receiver refuses this message for good (a 4xx other than 408 and 429); retry: later. */
export function outcomeOf(result: PostResult): 'sent' | 'skip' | 'retry' {
  if ('error' in result) return 'retry';
  if (result.status >= 200 && result.status < 300) return 'sent';
  if (result.status >= 400 && result.status < 500 && result.status !== 408 && result.status !== 429) return 'skip';
  return 'retry';
}
