/** A CSV cell's text, trimmed; undefined when empty, so the field is left out. */
export const cellText = (value: string | undefined) => value?.trim() || undefined;

/** A CSV cell as a number: undefined when empty, NaN when it is not one. */
export const cellNumber = (value: string | undefined) => (value?.trim() ? Number(value) : undefined);

/** The object without its undefined members, so an empty cell leaves no field behind. */
export const defined = <T extends Record<string, unknown>>(object: T) =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
