/**
 * Which part of a tree to re-render after a change. VS Code re-renders a whole tree by asking the
 * extension host for every row again (a round trip per expanded level); a row fired on its own is
 * sent with the event and drawn at once. So a change that only alters some rows names them, and
 * only a change to the rows themselves (added, removed, moved) re-renders the whole tree.
 */

/** A top-level row as the tree draws it: its key, and all it shows (itself and its children). */
export interface DrawnRow {
  readonly key: string;
  readonly drawn: string;
  /** What the row shows only under the pointer (its tooltip): a change to it alone may wait. */
  readonly hover?: string;
}

export type TreeRefresh =
  | { readonly kind: 'none' }
  | { readonly kind: 'all' }
  | { readonly kind: 'rows'; readonly keys: readonly string[]; readonly hoverOnly: readonly string[] };

/**
 * `refreshable` says which rows VS Code can re-render on their own (it knows a row by the node it
 * returned, so only rows whose node outlives a change qualify). `keys` are the rows whose drawing
 * changed; `hoverOnly` those whose tooltip alone did.
 */
export function treeRefresh(
  before: readonly DrawnRow[] | undefined,
  after: readonly DrawnRow[],
  refreshable: (key: string) => boolean,
): TreeRefresh {
  if (!before || before.length !== after.length || before.some((row, i) => row.key !== after[i]!.key))
    return { kind: 'all' };
  const keys = after.filter((row, i) => row.drawn !== before[i]!.drawn).map((row) => row.key);
  const hoverOnly = after
    .filter((row, i) => row.drawn === before[i]!.drawn && row.hover !== before[i]!.hover)
    .map((row) => row.key);
  if (keys.length === 0 && hoverOnly.length === 0) return { kind: 'none' };
  return [...keys, ...hoverOnly].every(refreshable) ? { kind: 'rows', keys, hoverOnly } : { kind: 'all' };
}
