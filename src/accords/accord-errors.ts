import type { z } from 'zod';

/**
 * Why an accord document was refused. `code` is stable (adapters map it to a status or an
 * exit code); `field` is a dotted path into the document, e.g. `commitments.1.target`.
 */
export const ACCORD_ERROR = {
  invalidField: 'ACCORD.INVALID_FIELD',
  missingField: 'ACCORD.MISSING_FIELD',
  unknownKey: 'ACCORD.UNKNOWN_KEY',
  unknownMetric: 'ACCORD.UNKNOWN_METRIC',
  badTimeZone: 'ACCORD.BAD_TIME_ZONE',
  duplicateCommitmentId: 'ACCORD.DUPLICATE_COMMITMENT_ID',
  ambiguousAlias: 'ACCORD.AMBIGUOUS_ALIAS',
  // from reading files (accord-files.ts)
  directoryUnreadable: 'ACCORD.DIRECTORY_UNREADABLE',
  fileUnreadable: 'ACCORD.FILE_UNREADABLE',
  syntax: 'ACCORD.SYNTAX',
  duplicateId: 'ACCORD.DUPLICATE_ID',
} as const;
export type AccordErrorCode = (typeof ACCORD_ERROR)[keyof typeof ACCORD_ERROR];

export interface AccordError {
  code: AccordErrorCode;
  field: string;
  reason: string;
}

export const ROOT_FIELD = '(root)';

/** Refinements name their code in `params`, so the mapping below needs no message matching. */
export const withCode = (code: AccordErrorCode, message: string) => ({ message, params: { code } });

const fieldOf = (path: readonly PropertyKey[]) => (path.length ? path.map(String).join('.') : ROOT_FIELD);

/** zod issues as accord errors; needs `reportInput` so a missing field can be told from a wrong one. */
export function toAccordErrors(issues: readonly z.core.$ZodIssue[]): AccordError[] {
  return issues.flatMap((issue): AccordError[] => {
    if (issue.code === 'unrecognized_keys') {
      // one error per key, naming the key itself: that is the line to fix
      return issue.keys.map((key) => ({
        code: ACCORD_ERROR.unknownKey,
        field: fieldOf([...issue.path, key]),
        reason: 'is not a known key',
      }));
    }
    const field = fieldOf(issue.path);
    if (issue.code === 'invalid_type' && issue.input === undefined)
      return [{ code: ACCORD_ERROR.missingField, field, reason: 'is required' }];
    // a bad record key (an alias group name) carries the key's own reason inside
    if (issue.code === 'invalid_key')
      return [{ code: ACCORD_ERROR.invalidField, field, reason: `group name ${issue.issues[0]?.message ?? 'is invalid'}` }];
    const code = issue.code === 'custom' ? (issue.params?.code as AccordErrorCode | undefined) : undefined;
    return [{ code: code ?? ACCORD_ERROR.invalidField, field, reason: issue.message }];
  });
}
