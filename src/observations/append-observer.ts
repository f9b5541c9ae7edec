/**
 * Told each time the Kafka consumer has stored a batch, before it commits the batch's offsets:
 * the seam where a test kills the process between the two.
 */
export interface AppendObserver {
  appended(): void;
}

export const APPEND_OBSERVER = Symbol('AppendObserver');

export const ignoreAppends: AppendObserver = { appended: () => undefined };
