import type { z } from 'zod';
import type {
  CreateRoundBody,
  EntryInput,
  PutSystemBody,
  RoundProgress,
  roundDetail,
  roundPreview,
  roundSummary,
  systemSummary,
} from '../../../../contracts/assess.ts';
import type { IndexSystem, Indicator, ScoringMethod } from '../../../../domain/assess/index-system.ts';
import type { RoundState } from '../../../../domain/assess/round-state.ts';
import type { OrgType } from '../../../../domain/org/vocab.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** The web's side of the assessment API (issue 12); the shapes are those of docs/assess.md. */

export type SystemSummary = z.infer<typeof systemSummary>;
export type SystemDetail = SystemSummary & {
  indicators: Indicator[];
  outline: {
    id: string;
    path: string;
    depth: number;
    max: number;
    method: string | null;
    scorerOrgId: number | null;
  }[];
};
export type Template = { id: 'A' | 'B' | 'default'; name: string; system: IndexSystem };
export type RoundSummary = z.infer<typeof roundSummary>;
export type RoundPreview = z.infer<typeof roundPreview>;
export type Objection = {
  id: number;
  orgId: number;
  orgName: string;
  text: string;
  actorName: string;
  at: string;
  answer: string | null;
  answeredName: string | null;
  answeredAt: string | null;
};
export type ResultBrief = { total: number | null; level: number | null; rank: number | null };
export type Revision = {
  id: number;
  orgId: number;
  indicatorId: string;
  reason: string;
  oldInput: unknown;
  newInput: unknown;
  changes: { orgId: number; name: string; old: ResultBrief; new: ResultBrief; revision: number }[];
  actorName: string;
  at: string;
};
export type RoundDetail = Omit<z.infer<typeof roundDetail>, 'system' | 'objections' | 'revisions' | 'state'> & {
  state: RoundState;
  system: IndexSystem;
  objections: Objection[];
  revisions: Revision[];
};

export type RecordLink = { route: string; query: Record<string, string> } | null;
export type ResultLine = {
  id: string;
  path: string;
  depth: number;
  method: string;
  max: number;
  points: number | null;
  detail: { kind: string } & Record<string, unknown>;
  text: string;
  link: RecordLink;
};
export type Result = {
  orgId: number;
  name: string;
  total: number | null;
  rank: number | null;
  bandLevel: number | null;
  level: number | null;
  vetoed: boolean;
  why: string[];
  problems: string[];
  revision: number;
  byFirstLevel: { id: string; name: string; points: number | null }[];
  bonus: number | null;
  lines: ResultLine[];
};
export type RoundResults = {
  round: RoundSummary;
  tieBreak: string;
  firstLevel: { id: string; name: string; max: number }[];
  levelCounts: Record<string, number>;
  results: Result[];
};

/** An entry as stored: the method's input (graded: grade; addDeduct: items; auto by hand: rate + evidence; veto). */
export type StoredInput = {
  kind: string;
  grade?: string;
  evidence?: string;
  items?: { points: number; reason: string; evidence: string }[];
  rate?: number;
  found?: { by: string; reason: string; on: string } | null;
};
export type SheetEntry = { input: StoredInput; actorName: string; at: string } | null;
export type SheetItem = {
  id: string;
  name: string;
  path: string;
  depth: number;
  max: number;
  bonus: boolean;
  leaf: boolean;
  method: ScoringMethod | null;
  measured: boolean;
  evidenceHint: string;
  scorerOrgId: number;
  scorerName: string;
  self: SheetEntry;
  score: SheetEntry;
  auto: {
    rate: number | null;
    due?: number;
    met?: number;
    ref?: string | null;
    frozen: boolean;
    link: RecordLink;
  } | null;
  /** Evidence files on the entry (the organisation's own; the scorer's once its scores are seen). */
  files?: EntryFile[];
  canSelf: boolean;
  canScore: boolean;
};
export type EntryFile = {
  id: number;
  side: 'self' | 'score';
  filename: string;
  mime: string;
  sizeBytes: number;
  by: string;
  at: string;
};
export type Sheet = {
  round: RoundSummary;
  org: { id: number; name: string; manualLevel: number | null; conditions: string[] };
  items: SheetItem[];
};
export type Stars = {
  org: { id: number; name: string };
  year: number;
  levelCounts: Record<string, number>;
  changeCounts: { up: number; down: number; same: number; new: number; gone: number };
  orgs: {
    orgId: number;
    name: string;
    lastYear: number | null;
    level: number | null;
    change: 'up' | 'down' | 'same' | 'new' | 'gone';
    roundId: number | null;
  }[];
  /** The dashboard's distribution: one row per active child, counting the year's levels over its subtree. */
  byChild: { orgId: number; name: string; levelCounts: Record<string, number>; total: number }[];
};
export type StarHistory = {
  org: { id: number; name: string };
  years: {
    year: number;
    level: number;
    change: 'up' | 'down' | 'same' | null;
    roundId: number;
    roundName: string;
    setAt: string;
  }[];
};
export type Targets = { orgIds?: number[]; rule?: { underOrgId: number; types: OrgType[]; fields?: string[] } };

export const listTemplates = (): Promise<Template[]> => api.get('/api/assess/templates');
export const listSystems = (year?: number): Promise<SystemSummary[]> =>
  api.get(`/api/assess/systems${toQuery({ year })}`);
export const createSystem = (body: { year: number; name?: string; template?: Template['id'] }): Promise<SystemDetail> =>
  api.post('/api/assess/systems', body);
export const getSystem = (id: number): Promise<SystemDetail> => api.get(`/api/assess/systems/${id}`);
export const putSystem = (id: number, body: PutSystemBody): Promise<SystemDetail> =>
  api.put(`/api/assess/systems/${id}`, body);
export const copySystem = (id: number, body: { year: number; name?: string }): Promise<SystemDetail> =>
  api.post(`/api/assess/systems/${id}/copy`, body);
export const publishSystem = (id: number): Promise<SystemDetail> => api.post(`/api/assess/systems/${id}/publish`);
export const previewRound = (systemId: number, body: Targets): Promise<RoundPreview> =>
  api.post(`/api/assess/systems/${systemId}/rounds/preview`, body);
export const createRound = (systemId: number, body: CreateRoundBody): Promise<RoundDetail> =>
  api.post(`/api/assess/systems/${systemId}/rounds`, body);
export const listRounds = (year?: number): Promise<RoundSummary[]> => api.get(`/api/assess/rounds${toQuery({ year })}`);
export const getRound = (id: number): Promise<RoundDetail> => api.get(`/api/assess/rounds/${id}`);
export const transitionRound = (id: number, to: RoundState): Promise<RoundDetail> =>
  api.post(`/api/assess/rounds/${id}/transition`, { to });
export const getResults = (id: number): Promise<RoundResults> => api.get(`/api/assess/rounds/${id}/results`);
/** The round's latest scoring run: organisations done of the total (polled while a whole round is scored). */
export const getRoundProgress = (id: number): Promise<RoundProgress> => api.get(`/api/assess/rounds/${id}/progress`);
export const getSheet = (id: number, orgId: number): Promise<Sheet> =>
  api.get(`/api/assess/rounds/${id}/orgs/${orgId}`);
export const putEntries = (id: number, orgId: number, side: 'self' | 'score', entries: EntryInput[]): Promise<Sheet> =>
  api.put(`/api/assess/rounds/${id}/orgs/${orgId}/${side}`, { entries });
export const setLevel = (
  id: number,
  orgId: number,
  body: { level?: number | null; conditions?: string[] },
): Promise<RoundResults> => api.put(`/api/assess/rounds/${id}/orgs/${orgId}/level`, body);
/** A change after 确定: every result is computed again; the revision keeps the old and new input. */
export const reviseResult = (
  id: number,
  orgId: number,
  body: { entry: EntryInput; reason: string },
): Promise<RoundDetail> => api.post(`/api/assess/rounds/${id}/orgs/${orgId}/revisions`, body);
export const raiseObjection = (id: number, orgId: number, text: string): Promise<RoundDetail> =>
  api.post(`/api/assess/rounds/${id}/orgs/${orgId}/objections`, { text });
export const answerObjection = (objectionId: number, answer: string): Promise<RoundDetail> =>
  api.post(`/api/assess/objections/${objectionId}/answer`, { answer });
/** The results as a file: .xlsx (序号, 单位, each first-level indicator, 加减分, 总分, 等次, 排名) or the .docx notice. */
export const resultsFileUrl = (id: number, format: 'xlsx' | 'docx' | 'pdf'): string =>
  `/api/assess/rounds/${id}/export?format=${format}`;
export const getStars = (q: { orgId?: number; year?: number }): Promise<Stars> =>
  api.get(`/api/assess/stars${toQuery(q)}`);
/** The organisation page's star history, oldest first. */
export const getStarHistory = (orgId: number): Promise<StarHistory> =>
  api.get(`/api/assess/stars/history${toQuery({ orgId })}`);

const RECORD_PAGES: Record<string, { page: string; extra?: Record<string, string> }> = {
  '/api/assignments': { page: '/tasks', extra: { tab: 'received' } },
  '/api/problems': { page: '/problems' },
  '/api/life/compliance': { page: '/life/rates' },
  '/api/dues': { page: '/dues' },
  '/api/burden': { page: '/burden' },
};

/** The web page that lists the records an automatic score counted (the link comes as the API's route + query). */
export function recordsPage(link: NonNullable<RecordLink>): string {
  const to = RECORD_PAGES[link.route];
  if (!to) return `${link.route}${toQuery(link.query)}`;
  return `${to.page}${toQuery({ ...to.extra, ...link.query })}`;
}

/** Attaches evidence files to one indicator of an organisation's sheet; answers the sheet. */
export function uploadEntryFiles(
  roundId: number,
  orgId: number,
  indicatorId: string,
  files: readonly File[],
): Promise<Sheet> {
  const form = new FormData();
  form.append('indicatorId', indicatorId);
  for (const f of files) form.append('files', f, f.name);
  return api.upload(`/api/assess/rounds/${roundId}/orgs/${orgId}/files`, form);
}

export function entryFileUrl(roundId: number, orgId: number, fileId: number): string {
  return `/api/assess/rounds/${roundId}/orgs/${orgId}/files/${fileId}`;
}
