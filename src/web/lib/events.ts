/** Tiny app-wide notifications: a page that changed organisations tells the tree which parents to reload. */
type Listener = (parentIds: readonly number[]) => void;
const listeners = new Set<Listener>();

export function emitOrgsChanged(parentIds: readonly (number | null | undefined)[]): void {
  const ids = parentIds.filter((x): x is number => typeof x === 'number');
  for (const l of listeners) l(ids);
}

export function onOrgsChanged(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
