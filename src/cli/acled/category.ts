import { IncidentCategory } from '../../observations/observation';

/** ACLED's event types, lower case: the current ones (2019 on), then those its older exports used. */
const BY_TYPE: Record<string, IncidentCategory> = {
  battles: 'clash',
  'explosions/remote violence': 'explosion',
  'violence against civilians': 'violence_against_civilians',
  protests: 'other',
  riots: 'other',
  'strategic developments': 'other',
  'battle-no change of territory': 'clash',
  'battle-government regains territory': 'clash',
  'battle-non-state actor overtakes territory': 'clash',
  'remote violence': 'explosion',
  'riots/protests': 'other',
  'strategic development': 'other',
  'headquarters or base established': 'other',
  'non-violent transfer of territory': 'other',
};

/** The contract's category for an ACLED event type, undefined for a type it does not know; the sub-event type alone tells an airstrike. */
export function acledCategory(eventType: string, subEventType: string): IncidentCategory | undefined {
  const category = BY_TYPE[eventType.trim().toLowerCase()];
  return category === 'explosion' && subEventType.trim().toLowerCase() === 'air/drone strike' ? 'airstrike' : category;
}
