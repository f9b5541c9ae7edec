import { parseAccord } from '../../../src/accords/accord.schema';
import { validateObservation } from '../../../src/observations/validate';

/** ACLED's joint actor names run past 64 characters; source slugs keep the contract's 64. */
const JOINT = 'jnim-group-for-support-of-islam-and-muslims-and-or-islamic-state-sahel';
const LONGEST = `a${'b'.repeat(127)}`;
const NOW = new Date('2024-06-01T00:00:00Z');
const incident = (over: Record<string, unknown>) => ({
  type: 'incident',
  id: 'e1',
  source: 'acled',
  occurredAt: '2024-03-01',
  category: 'attack',
  ...over,
});
const accord = (actors: Record<string, string[]>, filter: Record<string, unknown>) =>
  parseAccord({
    id: 'sahel',
    name: 'Sahel',
    signedAt: '2024-01-01',
    timezone: 'UTC',
    actors,
    commitments: [{ id: 'no-attacks', kind: 'prohibition', metric: 'attacks', window: { days: 30 }, filter }],
  });

describe('actor and target slugs up to 128 characters', () => {
  it('takes an incident whose actor and target are a joint name or 128 characters', () => {
    expect(JOINT.length).toBeGreaterThan(64);
    expect(validateObservation(incident({ actor: JOINT, target: LONGEST }), NOW).ok).toBe(true);
  });

  it('refuses an actor of 129 characters, and a source past 64', () => {
    expect(validateObservation(incident({ actor: `${LONGEST}c` }), NOW)).toMatchObject({ ok: false, errors: [{ field: 'actor' }] });
    expect(validateObservation(incident({ source: 's'.repeat(65) }), NOW)).toMatchObject({ ok: false, errors: [{ field: 'source' }] });
  });

  it('takes the joint name as an accord alias and a filter actor, not as a source filter', () => {
    expect(accord({ jnim: ['jnim', JOINT] }, { actor: 'jnim', target: LONGEST }).ok).toBe(true);
    expect(accord({}, { actor: JOINT }).ok).toBe(true);
    expect(accord({}, { source: JOINT })).toMatchObject({ ok: false, errors: [{ field: 'commitments.0.filter.source' }] });
  });
});
