// Turns the grid's sort model into ORDER BY, only through a whitelist of columns: a field name
// from the caller never reaches SQL as text. NULLs are placed explicitly, as SQLite places them by
// itself (first in ascending order, last in descending), so PostgreSQL (last in ascending) orders alike.
export function orderBy(
  sort: ReadonlyArray<{ field: string; sort: 'asc' | 'desc' }>,
  columns: Record<string, string>,
  fallback: string,
): string {
  const parts = sort
    .filter((s) => Object.prototype.hasOwnProperty.call(columns, s.field))
    .map((s) => `${columns[s.field]} ${s.sort === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`);
  return `ORDER BY ${parts.length ? parts.join(', ') : fallback}`;
}

/** A LIKE pattern that matches the text anywhere, with %, _ and \ taken literally. */
export function likePattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
