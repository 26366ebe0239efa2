/**
 * Editing a deployment's outline on the import screen. The outline is a flat list (parentKey) kept in
 * pre-order; every operation here is pure and returns a new, normalised list. The server checks the same
 * shape again on save (unique keys, existing parents, no cycles, sensible task settings).
 */
import type { OutlineItem } from '../../../../contracts/deploy.ts';
import { extractBodies, extractDeadlines, extractTargets } from '../../../../domain/deploy/extract.ts';
import { defaultTaskSettings } from '../../../../domain/deploy/task-settings.ts';

export type NodeKind = OutlineItem['kind'];
export type OutlineTreeNode = { item: OutlineItem; children: OutlineTreeNode[]; depth: number };
export type DropPosition = 'before' | 'after' | 'inside';

/**
 * The tree from the flat list, siblings in list order; an item whose parent is missing becomes a root. Linear in
 * the number of items: it runs on every edit of outlines of up to MAX_OUTLINE_ITEMS.
 */
export function buildTree(items: readonly OutlineItem[]): OutlineTreeNode[] {
  const keys = new Set(items.map((i) => i.key));
  const byParent = new Map<string | null, OutlineItem[]>();
  for (const it of items) {
    const p = it.parentKey !== null && keys.has(it.parentKey) && it.parentKey !== it.key ? it.parentKey : null;
    const siblings = byParent.get(p);
    if (siblings) siblings.push(it);
    else byParent.set(p, [it]);
  }
  const seen = new Set<string>();
  const build = (parent: string | null, depth: number): OutlineTreeNode[] =>
    (byParent.get(parent) ?? [])
      .filter((it) => {
        if (seen.has(it.key)) return false;
        seen.add(it.key);
        return true;
      })
      .map((it) => ({ item: it, depth, children: build(it.key, depth + 1) }));
  return build(null, 0);
}

/** Pre-order list from the tree, with each item's parentKey set from where it stands. */
function flatten(
  nodes: readonly OutlineTreeNode[],
  parentKey: string | null = null,
  out: OutlineItem[] = [],
): OutlineItem[] {
  for (const n of nodes) {
    out.push(n.item.parentKey === parentKey ? n.item : { ...n.item, parentKey });
    flatten(n.children, n.item.key, out);
  }
  return out;
}

function normalise(items: readonly OutlineItem[]): OutlineItem[] {
  return flatten(buildTree(items));
}

/** The keys of the item's descendants (not the item itself), in one pass over the list. */
export function descendantKeys(items: readonly OutlineItem[], key: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const it of items) {
    if (it.parentKey === null) continue;
    const list = children.get(it.parentKey);
    if (list) list.push(it.key);
    else children.set(it.parentKey, [it.key]);
  }
  const out = new Set<string>();
  const stack = [key];
  for (let k = stack.pop(); k !== undefined; k = stack.pop()) {
    for (const child of children.get(k) ?? []) {
      if (out.has(child)) continue;
      out.add(child);
      stack.push(child);
    }
  }
  return out;
}

/** The keys of the items that have a next sibling (the merge action needs one). */
export function keysWithNextSibling(items: readonly OutlineItem[]): Set<string> {
  const last = new Map<string | null, string>();
  const out = new Set<string>();
  for (const it of items) {
    const previous = last.get(it.parentKey);
    if (previous !== undefined) out.add(previous);
    last.set(it.parentKey, it.key);
  }
  return out;
}

function siblingsOf(items: readonly OutlineItem[], key: string): OutlineItem[] {
  const it = items.find((i) => i.key === key);
  if (!it) return [];
  return items.filter((i) => i.parentKey === it.parentKey);
}

export function nextSibling(items: readonly OutlineItem[], key: string): OutlineItem | null {
  const sibs = siblingsOf(items, key);
  const i = sibs.findIndex((s) => s.key === key);
  return i >= 0 ? (sibs[i + 1] ?? null) : null;
}

/** A key no item uses yet ('n' + time + a counter), within the 40 characters the server allows. */
let keySeq = 0;
export function newKey(items: readonly OutlineItem[]): string {
  const used = new Set(items.map((i) => i.key));
  let key: string;
  do key = `n${Date.now().toString(36)}${(keySeq++).toString(36)}`;
  while (used.has(key));
  return key;
}

/** Targets, deadline phrases and named bodies read again from an item's (edited) wording. */
function extractFacts(heading: string, text: string): Pick<OutlineItem, 'targets' | 'deadlines' | 'bodies'> {
  const s = heading && text ? `${heading}。${text}` : heading || text;
  const targets = extractTargets(s, 0, s.length).map((t) => ({ value: t.value, unit: t.unit, text: t.text }));
  const deadlines = extractDeadlines(s, 0, s.length).map((d) => ({ text: d.text }));
  const bodies = [...new Set(extractBodies(s, 0, s.length).map((b) => b.text))];
  return { targets, deadlines, bodies };
}

function replace(items: readonly OutlineItem[], key: string, fn: (it: OutlineItem) => OutlineItem): OutlineItem[] {
  return items.map((it) => (it.key === key ? fn(it) : it));
}

/** Re-kind: a task gets default settings (kept if it already had some), other kinds none. */
export function changeKind(items: readonly OutlineItem[], key: string, kind: NodeKind, base: string): OutlineItem[] {
  return replace(items, key, (it) => ({
    ...it,
    kind,
    task: kind === 'task' ? (it.task ?? defaultTaskSettings(it, base)) : null,
  }));
}

/** Edits the wording (re-reading targets, deadlines and bodies when heading or text changed) and settings. */
export function updateItem(
  items: readonly OutlineItem[],
  key: string,
  patch: Partial<Pick<OutlineItem, 'numbering' | 'heading' | 'text' | 'kind' | 'task'>>,
  base: string,
): OutlineItem[] {
  return replace(items, key, (it) => {
    const next: OutlineItem = { ...it, ...patch };
    if (next.heading !== it.heading || next.text !== it.text)
      Object.assign(next, extractFacts(next.heading, next.text));
    if (next.kind !== 'task') next.task = null;
    else if (!next.task) next.task = defaultTaskSettings(next, base);
    return next;
  });
}

function joinText(a: string, b: string): string {
  if (!a.trim()) return b;
  if (!b.trim()) return a;
  return `${a.trimEnd()}\n${b.trimStart()}`;
}

function spanUnion(a: OutlineItem, b: OutlineItem): Pick<OutlineItem, 'spanStart' | 'spanEnd'> {
  const starts = [a.spanStart, b.spanStart].filter((x): x is number => x !== null);
  const ends = [a.spanEnd, b.spanEnd].filter((x): x is number => x !== null);
  return { spanStart: starts.length ? Math.min(...starts) : null, spanEnd: ends.length ? Math.max(...ends) : null };
}

/**
 * Merges an item with its next sibling: the first item's heading is kept, the next one's heading and text
 * join its text, the next one's children follow its own, the spans are united.
 */
export function mergeWithNext(items: readonly OutlineItem[], key: string): OutlineItem[] {
  const a = items.find((i) => i.key === key);
  const b = nextSibling(items, key);
  if (!a || !b) return [...items];
  const bText = b.heading.trim() ? joinText(b.heading, b.text) : b.text;
  const text = joinText(a.text, bText);
  const merged: OutlineItem = {
    ...a,
    text,
    ...spanUnion(a, b),
    targets: [
      ...a.targets,
      ...b.targets.filter((t) => !a.targets.some((x) => x.text === t.text && x.value === t.value && x.unit === t.unit)),
    ],
    deadlines: [...a.deadlines, ...b.deadlines.filter((d) => !a.deadlines.some((x) => x.text === d.text))],
    bodies: [...new Set([...a.bodies, ...b.bodies])],
    task: a.kind === 'task' ? (a.task ?? b.task) : null,
  };
  // B's children become A's, after A's own: in pre-order they already follow A's subtree.
  const out = items
    .filter((i) => i.key !== b.key)
    .map((i) => (i.key === a.key ? merged : i.parentKey === b.key ? { ...i, parentKey: a.key } : i));
  return normalise(out);
}

/** Sentence ends of Chinese official text: 。！？； and line breaks (the split point is after them). */
export function sentenceStarts(text: string): number[] {
  const out: number[] = [];
  const re = /[。！？；!?;]+[”’」』）)]*|\n+/g;
  for (const m of text.matchAll(re)) {
    let end = m.index + m[0].length;
    while (end < text.length && /\s/.test(text[end]!)) end++;
    if (end > 0 && end < text.length) out.push(end);
  }
  return [...new Set(out)];
}

/**
 * Splits an item's text at `pos` into two siblings: the first keeps heading, children and settings; the
 * second (a new key) takes the rest of the text, right after it. Spans follow the text where it is found
 * in the source.
 */
export function splitItem(
  items: readonly OutlineItem[],
  key: string,
  pos: number,
  sourceText: string,
  base: string,
): { items: OutlineItem[]; newKey: string | null } {
  const a = items.find((i) => i.key === key);
  if (!a) return { items: [...items], newKey: null };
  const first = a.text.slice(0, pos).trimEnd();
  const second = a.text.slice(pos).trim();
  if (!first.trim() || !second) return { items: [...items], newKey: null };
  const key2 = newKey(items);
  let cut: number | null = null;
  if (a.spanStart !== null && a.spanEnd !== null) {
    const probe = second.slice(0, Math.min(24, second.length));
    const at = sourceText.indexOf(probe, a.spanStart);
    if (at >= 0 && at < a.spanEnd) cut = at;
  }
  const aFacts = extractFacts(a.heading, first);
  const bFacts = extractFacts('', second);
  const left: OutlineItem = { ...a, text: first, ...aFacts, spanEnd: cut ?? a.spanEnd };
  const right: OutlineItem = {
    key: key2,
    parentKey: a.parentKey,
    numbering: '',
    heading: '',
    text: second,
    kind: a.kind,
    spanStart: cut,
    spanEnd: cut !== null ? a.spanEnd : null,
    ...bFacts,
    task: null,
  };
  if (right.kind === 'task') right.task = defaultTaskSettings(right, base);
  // The new item goes right after A's subtree, so that it is A's next sibling.
  const block = descendantKeys(items, key);
  const out: OutlineItem[] = [];
  let placed = false;
  items.forEach((it, i) => {
    out.push(it.key === key ? left : it);
    const next = items[i + 1];
    const endOfBlock = (it.key === key || block.has(it.key)) && (!next || !(next.key === key || block.has(next.key)));
    if (!placed && endOfBlock) {
      out.push(right);
      placed = true;
    }
  });
  return { items: normalise(out), newKey: key2 };
}

/** Deletes an item; its children move up into its place. */
export function deleteItem(items: readonly OutlineItem[], key: string): OutlineItem[] {
  const it = items.find((i) => i.key === key);
  if (!it) return [...items];
  return normalise(
    items.filter((i) => i.key !== key).map((i) => (i.parentKey === key ? { ...i, parentKey: it.parentKey } : i)),
  );
}

/** Whether `dragKey` may be placed relative to `targetKey` (not into itself or its own subtree). */
function canMove(items: readonly OutlineItem[], dragKey: string, targetKey: string | null): boolean {
  if (targetKey === null) return true;
  if (dragKey === targetKey) return false;
  return !descendantKeys(items, dragKey).has(targetKey);
}

/**
 * Moves an item with its subtree: before or after a target (as its sibling), inside it (as its last child),
 * or to the end of the top level (target null).
 */
export function moveItem(
  items: readonly OutlineItem[],
  dragKey: string,
  targetKey: string | null,
  position: DropPosition,
): OutlineItem[] {
  if (!canMove(items, dragKey, targetKey)) return [...items];
  const drag = items.find((i) => i.key === dragKey);
  if (!drag) return [...items];
  const blockKeys = new Set([dragKey, ...descendantKeys(items, dragKey)]);
  const block = items.filter((i) => blockKeys.has(i.key));
  const rest = items.filter((i) => !blockKeys.has(i.key));
  if (targetKey === null) return normalise([...rest, { ...block[0]!, parentKey: null }, ...block.slice(1)]);
  const target = rest.find((i) => i.key === targetKey);
  if (!target) return [...items];
  const moved = { ...drag, parentKey: position === 'inside' ? target.key : target.parentKey };
  const movedBlock = block.map((i) => (i.key === dragKey ? moved : i));
  let at: number;
  if (position === 'before') at = rest.findIndex((i) => i.key === targetKey);
  else {
    // After the target's whole subtree (as its next sibling, or as its last child).
    const inTarget = descendantKeys(rest, targetKey);
    at = rest.findIndex((i) => i.key === targetKey) + 1;
    while (at < rest.length && inTarget.has(rest[at]!.key)) at++;
  }
  return normalise([...rest.slice(0, at), ...movedBlock, ...rest.slice(at)]);
}

export function countKinds(items: readonly OutlineItem[]): Record<NodeKind, number> {
  const c: Record<NodeKind, number> = { section: 0, task: 0, problem: 0, principle: 0 };
  for (const it of items) c[it.kind]++;
  return c;
}

/** The innermost item whose span holds the offset (for a click in the source text). */
export function itemAtOffset(items: readonly OutlineItem[], offset: number): OutlineItem | null {
  let best: OutlineItem | null = null;
  for (const it of items) {
    if (it.spanStart === null || it.spanEnd === null) continue;
    if (offset < it.spanStart || offset >= it.spanEnd) continue;
    if (!best || it.spanEnd - it.spanStart <= (best.spanEnd ?? 0) - (best.spanStart ?? 0)) best = it;
  }
  return best;
}
