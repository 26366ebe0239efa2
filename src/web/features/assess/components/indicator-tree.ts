import type { Indicator } from '../../../../domain/assess/index-system.ts';

/**
 * The editor's working copy of an indicator tree, changed by position (the list of child indexes from the top), and
 * the weight check it shows live: the points of an indicator's children (加分项 aside) sum to its own, the first
 * level to the system's total — the same rule as the server's checkSystem, which has the last word.
 */
export type Node = Omit<Indicator, 'children'> & { children?: Node[] };
export type Pos = readonly number[];

export const SEP = ' › ';

export function nodeAt(list: readonly Node[], pos: Pos): Node | undefined {
  let cur: Node | undefined;
  let level: readonly Node[] = list;
  for (const i of pos) {
    cur = level[i];
    if (!cur) return undefined;
    level = cur.children ?? [];
  }
  return cur;
}

/** A copy of the tree with the list that holds `pos` replaced by fn(list). */
function withParentList(list: readonly Node[], parent: Pos, fn: (l: Node[]) => Node[]): Node[] {
  if (parent.length === 0) return fn([...list]);
  const [head, ...rest] = parent;
  return list.map((n, i) => (i === head ? { ...n, children: withParentList(n.children ?? [], rest, fn) } : n));
}

export function updateAt(list: readonly Node[], pos: Pos, fn: (n: Node) => Node): Node[] {
  const parent = pos.slice(0, -1);
  const i = pos[pos.length - 1]!;
  return withParentList(list, parent, (l) => l.map((n, k) => (k === i ? fn(n) : n)));
}

export function removeAt(list: readonly Node[], pos: Pos): Node[] {
  const i = pos[pos.length - 1]!;
  return withParentList(list, pos.slice(0, -1), (l) => l.filter((_, k) => k !== i));
}

function allIds(list: readonly Node[], out = new Set<string>()): Set<string> {
  for (const n of list) {
    out.add(n.id);
    if (n.children) allIds(n.children, out);
  }
  return out;
}

/** An id not used yet: the parent's id and the next number (D-2 → D-2-3), or the next number at the top. */
export function freshId(list: readonly Node[], parentId: string | null): string {
  const used = allIds(list);
  for (let k = 1; ; k++) {
    const id = parentId ? `${parentId}-${k}` : `N-${k}`;
    if (!used.has(id)) return id;
  }
}

/** Adds a child at the end of `pos`'s children (the top when pos is empty); a leaf that gets a child loses its method. */
export function addChild(list: readonly Node[], pos: Pos, child: Node): Node[] {
  if (pos.length === 0) return [...list, child];
  return updateAt(list, pos, (n) => {
    const { method: _m, ...rest } = n;
    return { ...rest, children: [...(n.children ?? []), child] };
  });
}

/** Moves an indicator one place up (-1) or down (+1) among its siblings. */
export function moveAt(list: readonly Node[], pos: Pos, by: -1 | 1): { list: Node[]; pos: number[] } {
  const i = pos[pos.length - 1]!;
  const j = i + by;
  let ok = false;
  const next = withParentList(list, pos.slice(0, -1), (l) => {
    if (j < 0 || j >= l.length) return l;
    ok = true;
    const copy = [...l];
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    return copy;
  });
  return { list: next, pos: ok ? [...pos.slice(0, -1), j] : [...pos] };
}

/** Makes an indicator the last child of its previous sibling (降级). */
export function indentAt(list: readonly Node[], pos: Pos): { list: Node[]; pos: number[] } {
  const i = pos[pos.length - 1]!;
  if (i === 0) return { list: [...list], pos: [...pos] };
  const node = nodeAt(list, pos)!;
  const prevPos = [...pos.slice(0, -1), i - 1];
  const prev = nodeAt(list, prevPos)!;
  const moved = addChild(removeAt(list, pos), prevPos, node);
  return { list: moved, pos: [...prevPos, prev.children?.length ?? 0] };
}

/** Makes an indicator the next sibling of its parent (升级). */
export function outdentAt(list: readonly Node[], pos: Pos): { list: Node[]; pos: number[] } {
  if (pos.length < 2) return { list: [...list], pos: [...pos] };
  const node = nodeAt(list, pos)!;
  const parentPos = pos.slice(0, -1);
  const at = parentPos[parentPos.length - 1]! + 1;
  const removed = removeAt(list, pos);
  const moved = withParentList(removed, parentPos.slice(0, -1), (l) => [...l.slice(0, at), node, ...l.slice(at)]);
  return { list: moved, pos: [...parentPos.slice(0, -1), at] };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;
const shareSum = (list: readonly Node[]) => round3(list.filter((c) => !c.bonus).reduce((s, c) => s + (c.max || 0), 0));

/** Each indicator with its position, path of names and depth, depth first. */
export function walk(list: readonly Node[]): { node: Node; pos: number[]; path: string; depth: number }[] {
  const out: { node: Node; pos: number[]; path: string; depth: number }[] = [];
  const go = (l: readonly Node[], prefix: string, pos: number[]) =>
    l.forEach((n, i) => {
      const path = prefix ? `${prefix}${SEP}${n.name}` : n.name;
      out.push({ node: n, pos: [...pos, i], path, depth: pos.length + 1 });
      if (n.children && n.children.length > 0) go(n.children, path, [...pos, i]);
    });
  go(list, '', []);
  return out;
}

/** The live weight check: for each indicator with children whose points do not add up, the sum found. */
export function weightGaps(list: readonly Node[], total: number): { top: number | null; byPos: Map<string, number> } {
  const byPos = new Map<string, number>();
  for (const w of walk(list)) {
    const kids = w.node.children;
    if (kids && kids.length > 0) {
      const sum = shareSum(kids);
      if (Math.abs(sum - w.node.max) > 0.001) byPos.set(w.pos.join('.'), sum);
    }
  }
  const top = shareSum(list);
  return { top: Math.abs(top - total) > 0.001 ? top : null, byPos };
}
