import type { GeneratedCity, GeneratedOrg, GeneratedPerson, GeneratedPosition } from './generate-types.ts';

/**
 * COPY text (PostgreSQL's text format: tab-separated, \N for null, backslash escapes) for the seed's
 * tables, written for the generator's values rather than through the generic toCopyLine of the database
 * client: that one tests every field for characters to escape and builds each line from an array, which
 * cost more than generating the people. Here only free text is escaped; names (from the word tables),
 * their pinyin keys, codes, dates, ID numbers and the vocabulary values cannot hold a tab, a backslash or
 * a line break. copy-lines.test.ts checks every line of the district against toCopyLine and a hash of
 * the output against the one taken before this module existed, so the rows stay byte for byte the same.
 * No database imports: the seed worker loads this module.
 */

const NULL = '\\N';

/** Escapes the characters that are special in COPY text; the common case (none present) costs one scan. */
export function escapeCopyText(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 || c === 9 || c === 10 || c === 13) return s.replace(/[\\\t\n\r]/g, (ch) => ESCAPES[ch]!);
  }
  return s;
}
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const text = (v: string | null): string => (v === null ? NULL : escapeCopyText(v));
const num = (v: number | null): string => (v === null ? NULL : String(v));
/** A value that is known to need no escaping (dates, codes, vocabulary, generated names and keys). */
const safe = (v: string | null): string => (v === null ? NULL : v);

export const ORG_COLUMNS = [
  'id',
  'parent_id',
  'path',
  'region_id',
  'code',
  'name',
  'type',
  'field',
  'status',
  'established_on',
  'term_started_on',
  'term_years',
  'sort_order',
  'approval_authority',
  'unit_level',
] as const;
export const PERSON_COLUMNS = [
  'id',
  'org_id',
  'region_id',
  'name',
  'name_pinyin',
  'name_initials',
  'gender',
  'ethnicity',
  'birth_date',
  'education',
  'id_number',
  'phone',
  'status',
  'applied_on',
  'join_date',
  'full_date',
  'is_floating',
  'is_retired',
] as const;
export const POSITION_COLUMNS = ['org_id', 'person_id', 'title', 'portfolio', 'started_on'] as const;

export function orgLine(o: GeneratedOrg): string {
  return `${o.id}\t${num(o.parentId)}\t${o.path}\t${o.regionId}\t${text(o.code)}\t${text(o.name)}\t${o.type}\t${safe(o.field)}\t${o.status}\t${o.establishedOn}\t${safe(o.termStartedOn)}\t${num(o.termYears)}\t${o.sortOrder}\t${approves(o)}\t${unitLevelOf(o)}\n`;
}

/** Committees at the administrative levels hold the authority to approve member development (demo data). */
const APPROVING_LEVELS: ReadonlySet<string> = new Set(['province', 'city', 'district', 'town', 'street']);
function approves(o: GeneratedOrg): boolean {
  return o.type === 'committee' && o.level !== null && APPROVING_LEVELS.has(o.level);
}
function unitLevelOf(o: GeneratedOrg): string {
  return o.level === 'village' || o.level === 'community' ? o.level : NULL;
}

export function personLine(p: GeneratedPerson): string {
  return `${p.id}\t${p.orgId}\t${p.regionId}\t${p.name}\t${p.namePinyin}\t${p.nameInitials}\t${p.gender}\t${p.ethnicity}\t${p.birthDate}\t${p.education}\t${p.idNumber}\t${safe(p.phone)}\t${p.status}\t${safe(p.appliedOn)}\t${safe(p.joinDate)}\t${safe(p.fullDate)}\t${p.isFloating}\t${p.isRetired}\n`;
}

export function positionLine(p: GeneratedPosition): string {
  return `${p.orgId}\t${p.personId}\t${p.title}\t${text(p.portfolio)}\t${p.startedOn}\n`;
}

/** About 1 MB per chunk: one CopyData message on PostgreSQL, one transfer from the seed worker. */
export const CHUNK_BYTES = 1 << 20;
/** Room kept free at the end of a chunk's buffer: more than any one line takes (3 bytes per UTF-16 unit). */
const MAX_LINE_BYTES = 16 << 10;

/** Whole lines of COPY text as UTF-8, each chunk in an ArrayBuffer of its own (so that it can be transferred). */
export type CopyChunk = { bytes: Uint8Array; rows: number };

/**
 * The lines of `items` as UTF-8 chunks of about `chunkBytes`. Each line is written straight into the
 * chunk's buffer: appending millions of short strings into one string and encoding that builds ropes that
 * cost twice as much.
 */
export function* copyChunks<T>(
  items: Iterable<T>,
  line: (item: T) => string,
  chunkBytes = CHUNK_BYTES,
): Generator<CopyChunk> {
  const size = chunkBytes + MAX_LINE_BYTES;
  let buf = Buffer.allocUnsafeSlow(size);
  let pos = 0;
  let rows = 0;
  for (const item of items) {
    const l = line(item);
    if (l.length * 3 > MAX_LINE_BYTES) throw new Error(`COPY line too long (${l.length} characters)`);
    pos += buf.write(l, pos);
    rows++;
    if (pos >= chunkBytes) {
      yield { bytes: buf.subarray(0, pos), rows };
      buf = Buffer.allocUnsafeSlow(size);
      pos = 0;
      rows = 0;
    }
  }
  if (rows > 0) yield { bytes: buf.subarray(0, pos), rows };
}

/** The tables whose rows the seed streams (from the worker when there is one), in load order. */
export type StreamedTable = 'person' | 'org_position';
export const STREAMED_TABLES: readonly StreamedTable[] = ['person', 'org_position'];

export function tableChunks(city: GeneratedCity, table: StreamedTable, chunkBytes = CHUNK_BYTES): Generator<CopyChunk> {
  return table === 'person'
    ? copyChunks(city.people(), personLine, chunkBytes)
    : copyChunks(city.positions(), positionLine, chunkBytes);
}
