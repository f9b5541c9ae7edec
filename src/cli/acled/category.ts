/** The contract's category for an ACLED event type (and sub-event type, which alone tells an airstrike). */
export function acledCategory(eventType: string, subEventType: string): string {
  const type = eventType.trim().toLowerCase();
  if (type === 'battles' || type.startsWith('battle-')) return 'clash';
  if (type === 'explosions/remote violence' || type === 'remote violence') {
    return subEventType.trim().toLowerCase() === 'air/drone strike' ? 'airstrike' : 'explosion';
  }
  if (type === 'violence against civilians') return 'violence_against_civilians';
  return 'other';
}
