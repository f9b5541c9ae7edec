/**
 * Whether a GET's If-None-Match already names `etag` (RFC 9110 13.1.2: a list, `*`, weak
 * comparison), so the answer is 304 with no body.
 */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return (t.startsWith('W/') ? t.slice(2) : t) === etag;
  });
}
