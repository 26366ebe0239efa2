import { codeTable, inTable, isJsSpace } from './chars.ts';
import {
  type BodyMention,
  type BodyRoles,
  bodyKey,
  bodyRoles,
  type Deadline,
  extractBodies,
  extractDeadlines,
  extractMeetings,
  extractTargets,
  hasActionCue,
  hasActionCueIn,
  type MeetingCue,
  type PassageContext,
  passageContext,
  type Target,
} from './extract.ts';
import { type Paragraph, type RemovedText, removeNoise, type Span } from './noise.ts';
import {
  collectSequence,
  findInlineSequence,
  findLoneFirstItem,
  INLINE_FAMILIES,
  type InlineItem,
  type Marker,
  type MarkerFamily,
  readMarker,
  STRONG_RANK,
} from './numbering.ts';
import { rebuildTabTables, resegment } from './tables.ts';
import { type Frame, findFrame, findTitle, signatureTail } from './title.ts';

export type { Span } from './noise.ts';

export type NodeKind = 'section' | 'task' | 'problem' | 'principle';

/**
 * One node of a deployment's outline. The first eight fields are the stable JSON shape (see toOutlineJson);
 * the rest serve the import screen. Spans are [start, end) offsets in UTF-16 code units (JavaScript string
 * indices) into the cleaned text.
 */
export type OutlineNode = {
  numbering: string;
  heading: string;
  kind: NodeKind;
  span: Span;
  targets: Target[];
  deadlines: Deadline[];
  bodies: string[];
  children: OutlineNode[];
  /** Of `bodies`: those that lead (牵头/负责) and those that cooperate (配合/协同); and the people named responsible. */
  lead: string[];
  cooperating: string[];
  persons: string[];
  family: MarkerFamily | null;
  /** paragraph: a numbered paragraph; inline: an item inside a paragraph (一是…二是…); passage: an
   *  unnumbered lead-in outside any heading whose paragraph enumerates (存在的问题和不足：一是…), or the paragraph
   *  that holds a one-paragraph list beside numbered sub-sections; requirement: one requirement sentence of an item
   *  that asks for several things, offered as its sub-item (its targets are also the parent's). */
  placement: 'paragraph' | 'inline' | 'passage' | 'requirement';
  headingSpan: Span;
  /** The node's own body: its span less the heading and the children, trimmed. */
  text: string;
  textSpans: Span[];
  bodyMentions: BodyMention[];
  meetings: MeetingCue[];
  /** Sentences of the node's own text that ask for action: the candidate items of text that is not
   *  numbered (组织部门要争做…表率 after a section's numbered items). */
  requirements: Requirement[];
};

export type Requirement = { text: string; span: Span };

export type Outline = {
  title: string | null;
  titleSpan: Span | null;
  /** A date stated by the document (2020年4月, 2020年4月15日), from the lines around the title or at the end. */
  date: string | null;
  cleanedText: string;
  removed: RemovedText[];
  nodes: OutlineNode[];
  /** False when the text has no numbering at all: its nodes are then its requirement sentences, as candidates. */
  structured: boolean;
  /** The salutation, the opening paragraph and the closing signature block: kept in the text, outside the nodes. */
  frame: Frame;
};

export type OutlineNodeJson = {
  numbering: string;
  heading: string;
  kind: NodeKind;
  span: Span;
  targets: { value: number; unit: string; text: string }[];
  deadlines: { text: string }[];
  bodies: string[];
  children: OutlineNodeJson[];
  lead: string[];
  cooperating: string[];
  persons: string[];
};

export type OutlineJson = {
  title: string | null;
  removed: { text: string; reason: string }[];
  nodes: OutlineNodeJson[];
};

type Draft = {
  numbering: string;
  family: MarkerFamily | null;
  /** The marker's ordinal (0 when unnumbered): which number continues this item's list. */
  ordinal: number;
  placement: OutlineNode['placement'];
  start: number;
  end: number;
  headingStart: number;
  headingEnd: number;
  /** Where the body starts: after the heading and the 。 that ends it. */
  bodyStart: number;
  /** Finished nodes, and the drafts of the items still open (on the stack), each in its place among them. */
  children: Child[];
  /** The passage this node stands in (a list of problems, a review) and the one it opens for its children. */
  context: PassageContext;
  childContext: PassageContext;
  /** False for items that end with their paragraph: the paragraphs after them belong to their parent. */
  acceptsBody: boolean;
  /** passageContext of the heading, when it was read already (undefined: not yet). */
  headingContext?: PassageContext;
  /** While the item is open (on the stack): its index in its parent's children (or in the roots). -1 otherwise. */
  slot: number;
};

/**
 * A child in a draft's list (or a root): its finished node, or the draft of an item still open. Each draft is finished
 * as soon as nothing can change it any more (an item when it leaves the stack, an inline item when it is built), so
 * that drafts and their temporary lists die young: kept to the end of a long parse, they were copied by the garbage
 * collector and moved to the old generation, together with the whole outline built at the end in one go.
 */
type Child = Draft | OutlineNode;

/** The outline being built: the cleaned text, the roots and the path of open items (each a child of the one below). */
type Tree = { text: string; roots: Child[]; stack: Draft[] };

const MAX_INLINE_DEPTH = 3;

/** What follows a date on which a text takes effect. */
const TAKES_EFFECT = /^\s*(起)?\s*(施行|执行|实施|生效|正式施行)/;
/** A summing-up that opens the closing of a speech. */
const CLOSING = /^(总之|总而言之|综上所述|一句话)[，,：:]/;
const SHORT_HEADING = 100;

/**
 * Reads a deployment (a speech or document as plain text) into its outline: noise removed and reported,
 * title and date, and the tree of numbered headings and enumerations with the targets, deadlines,
 * responsible bodies and meeting cues of each node. Pure and total: any string gives an outline.
 */
export function parseOutline(input: string): Outline {
  // A task table pasted tab-separated (from Excel, a Word table) becomes one numbered item per row first; text
  // that lost its line breaks gets them back before its numbered headings.
  const { cleanedText: text, paragraphs, removed } = removeNoise(resegment(rebuildTabTables(input)));
  const title = findTitle(text, paragraphs);
  const tree: Tree = { text, roots: [], stack: [] };
  const { roots, stack } = tree;

  const tail = signatureTail(text, paragraphs);
  for (let pi = title?.paragraphs ?? 0; pi < tail; pi++) {
    const p = paragraphs[pi];
    if (!p || p.end <= p.start) continue;
    const para = text.slice(p.start, p.end);
    const found = readMarker(para, 0, para.length);
    const marker = found && opensItem(found, stack) ? found : null;
    const lone = findContinuedItem(para, marker, paragraphs[pi + 1], text);
    const head = lone ? para.slice(0, lone.start) : para;
    if (marker) placeNumberedParagraph(tree, head, p.start, marker);
    else {
      // 同志们，… (or a summing-up: 总之，… 综上所述，…) after the last section is the closing, which belongs to no
      // section, with any enumeration of its own.
      if ((para.startsWith('同志们') && para.length > 6) || CLOSING.test(para)) closeTo(tree, 0);
      if (!lone) placeBodyParagraph(tree, para, p.start);
      else if (!openOwner(stack)) openPassage(tree, head, p.start);
      else placeBodyParagraph(tree, head, p.start);
    }
    if (lone) {
      const tail = para.slice(lone.start);
      const tailMarker = readMarker(tail, 0, tail.length);
      while (stack.length > 0 && !stack.at(-1)?.acceptsBody && stack.at(-1)?.placement !== 'passage')
        closeTo(tree, stack.length - 1);
      if (tailMarker) placeNumberedParagraph(tree, tail, p.start + lone.start, tailMarker);
    }
  }
  closeTo(tree, 0);

  // A text with no numbering at all: its requirement sentences are the candidate items (the import screen says that
  // no structure was found).
  const structured = roots.length > 0;
  if (!structured) {
    for (let pi = title?.paragraphs ?? 0; pi < tail; pi++) {
      const p = paragraphs[pi];
      if (!p || p.end <= p.start) continue;
      for (const r of findRequirements(text, p.start, p.end)) {
        if (!BOILERPLATE.test(r.text)) roots.push(finishNode(text, candidateDraft(r.span)));
      }
    }
  }
  return {
    title: title?.text ?? null,
    titleSpan: title?.span ?? null,
    date: findDate(text, paragraphs, title?.paragraphs ?? 0),
    cleanedText: text,
    removed,
    nodes: roots.map((c) => finished(text, c)),
    structured,
    frame: findFrame(text, paragraphs, title?.paragraphs ?? 0),
  };
}

/** The sentences of a notice's frame, which ask for nothing: 现将有关事项通知如下, 特此通知. */
const BOILERPLATE = /(通知|说明|要求|明确)如下|特此(通知|函告)|现将.{0,20}(印发|通知|转发)/;

/** A requirement sentence of an unnumbered text, as an item of its own. */
function candidateDraft(
  [start, end]: Span,
  placement: 'passage' | 'requirement' = 'passage',
  context: PassageContext = null,
): Draft {
  return {
    numbering: '',
    family: null,
    ordinal: 0,
    placement,
    start,
    end,
    headingStart: start,
    headingEnd: end,
    bodyStart: end,
    children: [],
    context,
    childContext: context,
    acceptsBody: false,
    headingContext: undefined,
    slot: -1,
  };
}

/**
 * A paragraph that ends with a lone first item (…重点抓好以下工作：一是加强学习。) whose list goes on in the
 * next paragraph (二是…): that item is a numbered item of its own, so that 二是 finds its sibling.
 */
function findContinuedItem(
  para: string,
  marker: Marker | null,
  next: Paragraph | undefined,
  text: string,
): Marker | null {
  // Only a paragraph that starts as an inline family's marker can (二是, 第二，, ②, （2）, 其次, 另一方面): the others
  // are not sliced and read for one.
  if (!next || next.end <= next.start || !inTable(INLINE_MARKER_FIRST, text.charCodeAt(next.start))) return null;
  const nextMarker = readMarker(
    text.slice(next.start, Math.min(next.end, next.start + 8)),
    0,
    Math.min(8, next.end - next.start),
  );
  if (!nextMarker || !INLINE_FAMILIES.has(nextMarker.family)) return null;
  if (nextMarker.family === 'seq-shouxian' ? nextMarker.ordinal < 2 : nextMarker.ordinal !== 2) return null;
  const from = marker ? marker.textStart : 0;
  const lone = findLoneFirstItem(para, from, para.length, nextMarker.family);
  return lone && lone.start > from ? lone : null;
}

/** The first characters of the markers readMarker reads of the inline families (and of some others). */
const INLINE_MARKER_FIRST = codeTable([
  ...'〇零一二三四五六七八九十百第（(首其再最另',
  ...Array.from({ length: 0x2487 - 0x2460 + 1 }, (_, k) => String.fromCharCode(0x2460 + k)),
  ...Array.from({ length: 0x277f - 0x2776 + 1 }, (_, k) => String.fromCharCode(0x2776 + k)),
]);

function openOwner(stack: Draft[]): Draft | undefined {
  return stack.findLast((d) => d.acceptsBody);
}

/** A lead-in outside any heading whose list continues in the next paragraphs: an unnumbered node holds it. */
function openPassage(tree: Tree, head: string, base: number): void {
  const passage = makePassage(head, base, head.length);
  closeTo(tree, 0);
  passage.slot = tree.roots.length;
  tree.roots.push(passage);
  tree.stack.push(passage);
}

/**
 * Closes the open items above stack[n): each is finished as it leaves the stack (the top first, so that its children
 * are all finished before it) and takes its draft's place among its parent's children. Nothing changes an item once
 * it is off the stack: only open items get children and longer ends.
 */
function closeTo(tree: Tree, n: number): void {
  const { stack } = tree;
  while (stack.length > Math.max(0, n)) {
    const d = stack.pop() as Draft;
    const parent = stack.at(-1);
    (parent ? parent.children : tree.roots)[d.slot] = finishNode(tree.text, d);
  }
}

/** A child's node: finished already, or (a draft still open) finished now. */
function finished(text: string, c: Child): OutlineNode {
  return 'kind' in c ? c : finishNode(text, c);
}

/** An unnumbered node for a passage outside any heading; its heading is the last sentence before the list. */
function makePassage(para: string, base: number, listStart: number): Draft {
  const leadIn = lastSentence(para, 0, listStart);
  const headingContext = passageContext(para.slice(leadIn[0], leadIn[1]));
  return {
    numbering: '',
    family: null,
    ordinal: 0,
    placement: 'passage',
    start: base,
    end: base + trimmedEnd(para, 0, para.length),
    headingStart: base + leadIn[0],
    headingEnd: base + leadIn[1],
    bodyStart: base + leadIn[1],
    children: [],
    context: null,
    childContext: headingContext,
    acceptsBody: false,
    headingContext,
    slot: -1,
  };
}

/** 其次/最后/另一方面 open an item only after 首先/一方面; in other places they are ordinary words. */
function opensItem(marker: Marker, stack: Draft[]): boolean {
  const continuing = marker.family === 'seq-shouxian' || marker.family === 'seq-fangmian';
  return !continuing || marker.ordinal === 1 || stack.some((d) => d.family === marker.family);
}

/**
 * A numbered paragraph. Its level comes from the path of open headings: a family already open closes what
 * is below it and becomes a sibling; a new family nests under the deepest open heading, except that a 公文
 * family never nests under a lower-ranked one (a stray "1." before "一、" does not swallow the document).
 */
function placeNumberedParagraph(tree: Tree, para: string, base: number, marker: Marker): void {
  const { stack } = tree;
  const open = sameFamilyLevel(stack, marker);
  if (open === NESTS) {
    // 1. [1. 2. 3.] 2.: a list restarting inside an open item of its family is that item's own list.
    closeTo(tree, stack.findLastIndex((d) => d.family === marker.family) + 1);
  } else if (open >= 0) closeTo(tree, open);
  else {
    // An item that ended with its paragraph (一要…二要…三要… in one paragraph) is no parent of what follows.
    while (stack.length > 0 && stack.at(-1)?.placement === 'paragraph' && !stack.at(-1)?.acceptsBody)
      closeTo(tree, stack.length - 1);
    const rank = STRONG_RANK[marker.family];
    if (rank !== undefined) {
      for (let top = stack.at(-1); top; top = stack.at(-1)) {
        const topRank = top.family ? STRONG_RANK[top.family] : undefined;
        // 一、 (and 章/节/部分 above it) heads the document: it closes the preamble's 一是… lists as well.
        const keep = rank <= 0 ? topRank !== undefined && topRank < rank : topRank === undefined || topRank <= rank;
        if (keep) break;
        closeTo(tree, stack.length - 1);
      }
    }
  }
  const parent = stack.at(-1) ?? null;
  const siblings = parent ? parent.children : tree.roots;
  const context = parent ? parent.childContext : null;
  const ancestors = familyMask(stack, stack.length);

  // 一是…。二是…。 in one paragraph: the items are siblings at this level and end with the paragraph. Only the last
  // stays open; the others are finished now.
  const items: InlineItem[] = INLINE_FAMILIES.has(marker.family)
    ? collectSequence(para, marker, para.length, 0)
    : [{ marker, end: para.length }];
  const split = items.length > 1;
  for (let i = 0; i < items.length; i++) {
    const d = buildItem(tree.text, para, base, items[i] as InlineItem, context, ancestors, 'paragraph', 0);
    d.acceptsBody = !split;
    if (i < items.length - 1) siblings.push(finishNode(tree.text, d));
    else {
      d.slot = siblings.length;
      siblings.push(d);
      stack.push(d);
    }
  }
  extendEnds(stack, stack.length - 1, base + para.length);
}

const NESTS = -2;

/**
 * Where a marker of an open family goes, by sequence continuity rather than depth: beside the deepest open item of
 * its family whose ordinal it continues (outer 2. after inner 1. 2. 3.), else into the deepest one when it restarts
 * at 1 and that item takes a body (NESTS), else beside the deepest one. -1 when its family is not open.
 */
function sameFamilyLevel(stack: readonly Draft[], marker: Marker): number {
  let deepest = -1;
  for (let i = stack.length - 1; i >= 0; i--) {
    const d = stack[i];
    if (d?.family !== marker.family) continue;
    if (deepest < 0) deepest = i;
    if (d.ordinal === marker.ordinal - 1) return i;
  }
  // Bounded, so that a run of 1. 1. 1. … does not nest without end.
  const same = stack.filter((d) => d.family === marker.family).length;
  if (deepest >= 0 && marker.ordinal === 1 && stack[deepest]?.acceptsBody && same < MAX_INLINE_DEPTH) return NESTS;
  return deepest;
}

/** An unnumbered paragraph: body text of the deepest open heading, whose enumerations become its children. */
function placeBodyParagraph(tree: Tree, para: string, base: number): void {
  const { stack, text } = tree;
  const at = stack.findLastIndex((d) => d.acceptsBody);
  const owner = at >= 0 ? stack[at] : undefined;
  const items = findInlineSequence(para, 0, para.length);
  const firstStart = items?.[0]?.marker.start ?? para.length;
  if (owner) {
    if (items) {
      const leadIn = lastSentence(para, 0, firstStart);
      const context = passageContext(para.slice(leadIn[0], leadIn[1])) ?? owner.childContext;
      const exclude = familyMask(stack, at + 1);
      for (const item of items)
        owner.children.push(finishNode(text, buildItem(text, para, base, item, context, exclude, 'inline', 1)));
    }
    extendEnds(stack, at, base + para.length);
    return;
  }
  if (!items) return;
  const passage = makePassage(para, base, firstStart);
  for (const item of items)
    passage.children.push(finishNode(text, buildItem(text, para, base, item, passage.childContext, 0, 'inline', 1)));
  tree.roots.push(finishNode(text, passage));
}

/** Each family as one bit: the families open around an item, which its nested lists cannot use. */
const FAMILY_BIT: Record<MarkerFamily, number> = {
  part: 1 << 0,
  chapter: 1 << 1,
  jie: 1 << 2,
  article: 1 << 3,
  'cn-dun': 1 << 4,
  'cn-paren': 1 << 5,
  di: 1 << 6,
  arabic: 1 << 7,
  'arabic-rparen': 1 << 8,
  'arabic-paren': 1 << 9,
  circled: 1 << 10,
  'seq-shi': 1 << 11,
  'seq-yao': 1 << 12,
  'seq-lead': 1 << 13,
  'seq-fangmian': 1 << 14,
  'seq-shouxian': 1 << 15,
};

/** The families of stack[0, upTo) as bits. */
function familyMask(stack: readonly Draft[], upTo: number): number {
  let mask = 0;
  for (let i = 0; i < upTo && i < stack.length; i++) {
    const family = (stack[i] as Draft).family;
    if (family) mask |= FAMILY_BIT[family];
  }
  return mask;
}

/** The set of the families in a mask, made once per combination (they are only read). */
const FAMILY_SETS = new Map<number, ReadonlySet<MarkerFamily>>();
function familySet(mask: number): ReadonlySet<MarkerFamily> {
  let set = FAMILY_SETS.get(mask);
  if (!set) {
    set = new Set((Object.keys(FAMILY_BIT) as MarkerFamily[]).filter((f) => (mask & FAMILY_BIT[f]) !== 0));
    FAMILY_SETS.set(mask, set);
  }
  return set;
}

/**
 * One item (a numbered paragraph or an inline item) with its heading and any enumeration nested in it. The nested
 * items are finished at once: they end with their list item and get nothing later. `text` is the cleaned text, of
 * which para starts at base.
 */
function buildItem(
  text: string,
  para: string,
  base: number,
  item: InlineItem,
  context: PassageContext,
  outer: number,
  placement: 'paragraph' | 'inline',
  depth: number,
): Draft {
  const { marker } = item;
  const exclude = outer | FAMILY_BIT[marker.family];
  const nested =
    depth < MAX_INLINE_DEPTH ? findInlineSequence(para, marker.textStart, item.end, familySet(exclude)) : null;
  const bounds = headingBounds(para, marker.textStart, item.end);
  const hs = bounds[0];
  let he = bounds[1];
  let bodyStart = bounds[2];
  // 一是学理论，一要读原著，二要悟原理。: the heading stops where the nested list starts.
  const nestedStart = nested?.[0]?.marker.start ?? item.end;
  if (nestedStart < bodyStart) {
    he = Math.max(hs, headingTail(para, hs, nestedStart));
    bodyStart = nestedStart;
  }
  const headingContext = passageContext(para.slice(hs, he));
  const draft: Draft = {
    numbering: marker.numbering,
    family: marker.family,
    ordinal: marker.ordinal,
    placement,
    start: base + marker.start,
    end: base + Math.max(marker.end, trimmedEnd(para, marker.start, item.end)),
    headingStart: base + hs,
    headingEnd: base + he,
    bodyStart: base + bodyStart,
    children: [],
    context,
    childContext: headingContext ?? context,
    acceptsBody: true,
    headingContext,
    slot: -1,
  };
  if (nested) {
    const leadIn = lastSentence(para, bodyStart, nestedStart);
    const nestedContext = passageContext(para.slice(leadIn[0], leadIn[1])) ?? draft.childContext;
    for (const n of nested)
      draft.children.push(
        finishNode(text, buildItem(text, para, base, n, nestedContext, exclude, 'inline', depth + 1)),
      );
  }
  return draft;
}

function extendEnds(stack: Draft[], upTo: number, end: number): void {
  for (let i = 0; i <= upTo && i < stack.length; i++) {
    const d = stack[i];
    if (d && d.end < end) d.end = end;
  }
}

const SENTENCE_END = codeTable('。！？!?');
const SPACE = codeTable(' \t\u3000\n');
const TRAILING = codeTable(' \t\u3000\n，,：:；;、。！？!?');
const OPEN_QUOTE = codeTable('“‘「');
const CLOSE_QUOTE = codeTable('”’」');

function trimmedEnd(s: string, start: number, end: number): number {
  let e = end;
  while (e > start && inTable(SPACE, s.charCodeAt(e - 1))) e--;
  return e;
}

/**
 * The heading of an item: its first sentence (to the first 。 outside quotation marks), or the whole item
 * when it has no sentence end and is short (一、盯准抓实下步部署的重大任务). Returns [start, end, bodyStart].
 */
function headingBounds(s: string, from: number, to: number): [number, number, number] {
  let start = from;
  while (start < to && inTable(SPACE, s.charCodeAt(start))) start++;
  let depth = 0;
  let firstAny = -1;
  let semicolon = -1;
  for (let i = start; i < to; i++) {
    const c = s.charCodeAt(i);
    if (inTable(OPEN_QUOTE, c)) depth++;
    else if (inTable(CLOSE_QUOTE, c) && depth > 0) depth--;
    else if (inTable(SENTENCE_END, c)) {
      if (depth === 0) return [start, headingTail(s, start, i), i + 1];
      if (firstAny < 0) firstAny = i;
    } else if ((c === 0xff1b || c === 0x3b) && depth === 0 && semicolon < 0) semicolon = i;
  }
  if (firstAny >= 0) return [start, headingTail(s, start, firstAny), firstAny + 1];
  if (to - start > SHORT_HEADING && semicolon >= 0) return [start, headingTail(s, start, semicolon), semicolon + 1];
  const end = headingTail(s, start, to);
  return [start, end, to];
}

function headingTail(s: string, start: number, end: number): number {
  let e = end;
  while (e > start && inTable(TRAILING, s.charCodeAt(e - 1))) e--;
  return e;
}

/** The last sentence of s[from, to): the lead-in of an enumeration (…存在的问题和不足：). */
function lastSentence(s: string, from: number, to: number): Span {
  const end = headingTail(s, from, to);
  let start = end;
  while (start > from && !inTable(SENTENCE_END, s.charCodeAt(start - 1))) start--;
  while (start < end && inTable(SPACE, s.charCodeAt(start))) start++;
  return [start, end];
}

const DATE =
  '(?:\\d{4}|[〇零一二三四五六七八九]{4})年(?:\\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:\\d{1,2}|[一二三四五六七八九十]{1,3})日)?';
const DATE_RE = new RegExp(DATE);
const DATE_LINE_RE = new RegExp(`^[（(]?${DATE}[）)]?$`);

/** A date the document states: in its title, or on a line of its own near the top or at the end. */
function findDate(text: string, paragraphs: Paragraph[], titleParagraphs: number): string | null {
  for (const p of paragraphs.slice(0, titleParagraphs)) {
    const m = DATE_RE.exec(text.slice(p.start, p.end));
    if (m) return m[0];
  }
  const n = paragraphs.length;
  const near = [...paragraphs.slice(titleParagraphs, 8), ...paragraphs.slice(Math.max(8, n - 3))];
  for (const p of near) {
    if (p.end - p.start > 20) continue;
    const line = text.slice(p.start, p.end).replace(/\s+/g, '');
    if (DATE_LINE_RE.test(line)) return DATE_RE.exec(line)?.[0] ?? null;
  }
  return null;
}

// Loops rather than spreads and iterators here: this runs for every node, and `push(...items)` also overflows the
// stack when a paragraph holds a hundred thousand figures.
function finishNode(text: string, d: Draft): OutlineNode {
  const children: OutlineNode[] = [];
  for (let i = 0; i < d.children.length; i++) children.push(finished(text, d.children[i] as Child));
  // Nearly always in order already (an item's children come as its text goes on): then not sorted, which copies the
  // list to sort it.
  if (children.length > 1 && !inStartOrder(children, nodeStart)) children.sort((a, b) => a.span[0] - b.span[0]);
  // The node's own text: its span less the heading (or a passage's lead-in) and the children's spans.
  const textSpans: Span[] = [];
  const holeStart = d.placement === 'passage' ? d.headingStart : d.start;
  const holeEnd = d.placement === 'passage' ? d.bodyStart : Math.max(d.start, d.bodyStart);
  let cur = d.start;
  if (children.length === 0) {
    // Most nodes (every table row) have no children: the one hole needs no list of holes sorted.
    if (holeStart > cur) pushTrimmed(text, textSpans, cur, Math.min(holeStart, d.end));
    if (holeEnd > cur) cur = holeEnd;
  } else {
    const holes: Span[] = [[holeStart, holeEnd]];
    for (let i = 0; i < children.length; i++) holes.push((children[i] as OutlineNode).span);
    if (!inStartOrder(holes, spanStart)) holes.sort((a, b) => a[0] - b[0]);
    for (let i = 0; i < holes.length; i++) {
      const hole = holes[i] as Span; // read by index: array destructuring runs the iterator protocol
      const hs = hole[0];
      const he = hole[1];
      if (hs > cur) pushTrimmed(text, textSpans, cur, Math.min(hs, d.end));
      if (he > cur) cur = he;
    }
  }
  if (cur < d.end) pushTrimmed(text, textSpans, cur, d.end);

  const headingSpan: Span = [d.headingStart, d.headingEnd];
  const ranges: Span[] = [headingSpan];
  for (let i = 0; i < textSpans.length; i++) ranges.push(textSpans[i] as Span);
  // The extractors add to the node's lists directly: no list per range and extractor to be copied and dropped.
  const targets: Target[] = [];
  const deadlines: Deadline[] = [];
  const bodyMentions: BodyMention[] = [];
  const meetings: MeetingCue[] = [];
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i] as Span;
    const s = range[0];
    const e = range[1];
    if (e <= s) continue;
    extractTargets(text, s, e, targets);
    extractDeadlines(text, s, e, deadlines);
    extractBodies(text, s, e, bodyMentions);
    extractMeetings(text, s, e, meetings);
  }
  const heading = text.slice(d.headingStart, d.headingEnd);
  let ownText = '';
  for (let i = 0; i < textSpans.length; i++) {
    const span = textSpans[i] as Span;
    const s = span[0];
    const e = span[1];
    ownText += i === 0 ? text.slice(s, e) : `\n${text.slice(s, e)}`;
  }
  const roles = bodyRoles(text, bodyMentions, ranges);
  const headingContext = d.headingContext !== undefined ? d.headingContext : passageContext(heading);
  const headingAsks = hasActionCue(heading);
  // A review of past work (2026年工作回顾, 一年来…取得了…) sets no targets and no deadlines: its figures are results.
  if ((d.context === 'review' || headingContext === 'review') && !headingAsks) {
    targets.length = 0;
    deadlines.length = 0;
  }
  // The date a text takes effect (自2027年1月1日起施行) is no deadline.
  for (let i = deadlines.length - 1; i >= 0; i--) {
    const dl = deadlines[i] as Deadline;
    if ((dl.span[0] > 0 && text.charCodeAt(dl.span[0] - 1) === 0x81ea) || takesEffect(text, dl.span[1]))
      deadlines.splice(i, 1);
  }
  const requirements: Requirement[] = [];
  for (let i = 0; i < textSpans.length; i++) {
    const span = textSpans[i] as Span;
    const s = span[0];
    const e = span[1];
    findRequirements(text, s, e, requirements);
  }
  // An item that asks for several things (三是…。选好…；健全…；创建…100个。) offers each requirement as a sub-item with
  // its own targets; the item keeps its own text, targets and requirements as they were (its children repeat them).
  const offers =
    children.length === 0 &&
    (d.placement === 'paragraph' || d.placement === 'inline') &&
    d.context !== 'problem' &&
    d.context !== 'review' &&
    headingContext !== 'problem' &&
    headingContext !== 'review' &&
    // 充分认识…重大意义 explains why; only an item whose heading asks for action is a bundle of requirements.
    headingAsks &&
    !WHY_HEADING.test(heading) &&
    requirements.length >= 2;
  if (offers)
    for (const r of requirements)
      children.push(finishNode(text, candidateDraft(r.span, 'requirement', d.childContext)));
  // 一要… asks by its marker; a row rebuilt from a task table states its lead body or deadline.
  const asks = d.family === 'seq-yao' || TABLE_FACTS.test(ownText);
  // The outline of a long text is kept whole until it is returned: its lists are copied to their length (a list
  // grown by push keeps room for 16), which halves what the garbage collector copies while the outline grows. An
  // empty list has no room to give back and is kept as it is (each is this node's own).
  return {
    numbering: d.numbering,
    heading,
    kind: classify(children.length, d.context, { context: headingContext, asks: headingAsks }, ownText, asks),
    span: [d.start, d.end],
    targets: toLength(targets),
    deadlines: uniqueDeadlines(deadlines),
    bodies: uniqueBodies(bodyMentions, roles),
    children: toLength(children),
    lead: toLength(roles.lead),
    cooperating: toLength(roles.cooperating),
    persons: toLength(roles.persons),
    family: d.family,
    placement: d.placement,
    headingSpan,
    text: ownText,
    textSpans: toLength(textSpans),
    bodyMentions: toLength(bodyMentions),
    meetings: toLength(meetings),
    requirements: toLength(requirements),
  };
}

/** Whether the items are in order of `start` (a stable sort by it would leave them as they are). */
function inStartOrder<T>(items: readonly T[], start: (item: T) => number): boolean {
  for (let i = 1; i < items.length; i++) if (start(items[i] as T) < start(items[i - 1] as T)) return false;
  return true;
}
const nodeStart = (n: OutlineNode): number => n.span[0];
const spanStart = (s: Span): number => s[0];

/** TAKES_EFFECT.test(text.slice(at, at + 8)), the slice and the pattern spared where what follows cannot start it. */
function takesEffect(text: string, at: number): boolean {
  const end = Math.min(text.length, at + 8);
  let i = at;
  while (i < end && isJsSpace(text.charCodeAt(i))) i++;
  if (i >= end || !inTable(TAKES_EFFECT_FIRST, text.charCodeAt(i))) return false;
  return TAKES_EFFECT.test(text.slice(at, end));
}
/** The characters TAKES_EFFECT can go on with after its white space. */
const TAKES_EFFECT_FIRST = codeTable('起施执实生正');

const TABLE_FACTS = /(牵头单位|责任单位|完成时限)[:：]/;
/** A heading about why (充分认识…的重大意义): its sentences argue, they are not separate requirements. */
const WHY_HEADING = /^(充分|深刻|准确|全面)(认识|理解)|(重大|重要|深远)意义/;

const REQUIREMENT_END = codeTable('。！？!?；;\n');

function findRequirements(text: string, start: number, end: number, out: Requirement[] = []): Requirement[] {
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && !inTable(REQUIREMENT_END, text.charCodeAt(i))) continue;
    let a = from;
    let b = i;
    while (a < b && inTable(SPACE, text.charCodeAt(a))) a++;
    while (b > a && inTable(SPACE, text.charCodeAt(b - 1))) b--;
    if (b > a && hasActionCueIn(text, a, b)) out.push({ text: text.slice(a, b), span: [a, b] });
    from = i + 1;
  }
  return out;
}

function trimSpan(text: string, s: number, e: number): Span | null {
  let a = s;
  let b = e;
  while (a < b && inTable(SPACE, text.charCodeAt(a))) a++;
  while (b > a && inTable(SPACE, text.charCodeAt(b - 1))) b--;
  return b > a ? [a, b] : null;
}

function pushTrimmed(text: string, out: Span[], s: number, e: number): void {
  const span = trimSpan(text, s, e);
  if (span) out.push(span);
}

/** A list of the node's own copied to its length: a copy only when it has items (an empty list holds no room). */
function toLength<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

/** The deadlines, each text once (its first mention). `deadlines` is the node's own list, which it may return. */
function uniqueDeadlines(deadlines: Deadline[]): Deadline[] {
  // Most nodes name one deadline or none (a table row its 完成时限): nothing to leave out, no second list.
  if (deadlines.length <= 1) return toLength(deadlines);
  const out: Deadline[] = [];
  const seen = deadlines.length > 16 ? new Set<string>() : null;
  for (let i = 0; i < deadlines.length; i++) {
    const dl = deadlines[i] as Deadline;
    if (seen) {
      if (seen.has(dl.text)) continue;
      seen.add(dl.text);
    } else if (out.some((x) => x.text === dl.text)) continue;
    out.push(dl);
  }
  return toLength(out);
}

/** The bodies named, then those the roles add, each once by its normalised name (the first spelling kept). */
function uniqueBodies(mentions: readonly BodyMention[], roles: BodyRoles): string[] {
  const { lead, cooperating } = roles;
  const m = mentions.length;
  const l = lead.length;
  const total = m + l + cooperating.length;
  const out: string[] = [];
  // The names' keys, kept beside `out` only once one differs from its name (a half-width bracket or quote): until
  // then `out` holds the keys as well, and no second list is made for the node.
  let keys: string[] | null = null;
  const seen = total > 16 ? new Set<string>() : null;
  for (let i = 0; i < total; i++) {
    const name =
      i < m ? (mentions[i] as BodyMention).text : ((i < m + l ? lead[i - m] : cooperating[i - m - l]) as string);
    const key = bodyKey(name);
    if (seen) {
      if (seen.has(key)) continue;
      seen.add(key);
    } else {
      if ((keys ?? out).includes(key)) continue;
      if (keys === null && key !== name) keys = out.slice();
      keys?.push(key);
    }
    out.push(name);
  }
  return toLength(out);
}

/**
 * section: has children. problem: stands in a list of problems, or its heading states one without asking
 * for action. principle: stands in a review of past work, or asks for nothing. task: everything else.
 */
function classify(
  childCount: number,
  context: PassageContext,
  heading: { context: PassageContext; asks: boolean },
  ownText: string,
  asks: boolean,
): NodeKind {
  if (childCount > 0) return 'section';
  if (context === 'problem') return 'problem';
  if (heading.context === 'problem' && !heading.asks) return 'problem';
  if (context === 'review' || (heading.context === 'review' && !heading.asks)) return 'principle';
  // Items of an announced task list (重点任务, 任务清单) and table rows are tasks even when stated as nouns.
  if (context === 'tasks' || asks) return 'task';
  return heading.asks || hasActionCue(ownText) ? 'task' : 'principle';
}

/** The stable JSON shape of `luoshi deploy parse --json`: exactly these keys, nothing else. */
export function toOutlineJson(outline: Outline): OutlineJson {
  return {
    title: outline.title,
    removed: outline.removed.map((r) => ({ text: r.text, reason: r.reason })),
    nodes: outline.nodes.map(toNodeJson),
  };
}

function toNodeJson(n: OutlineNode): OutlineNodeJson {
  return {
    numbering: n.numbering,
    heading: n.heading,
    kind: n.kind,
    span: [n.span[0], n.span[1]],
    targets: n.targets.map((t) => ({ value: t.value, unit: t.unit, text: t.text })),
    deadlines: n.deadlines.map((d) => ({ text: d.text })),
    bodies: [...n.bodies],
    children: n.children.map(toNodeJson),
    lead: [...n.lead],
    cooperating: [...n.cooperating],
    persons: [...n.persons],
  };
}
