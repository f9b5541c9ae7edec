/** An ACLED actor name as a slug (the contract's `actor` and `target`). */
export function actorSlug(name: string): string | undefined {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents: Séléka -> seleka, not s-l-ka
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 128)
    .replace(/-+$/, ''); // the cut may end on a dash
  return slug || undefined;
}
