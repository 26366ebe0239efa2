import dayjs, { type Dayjs } from 'dayjs';
import { getLang } from './i18n.ts';

/** 'YYYY-MM-DD' from a DatePicker value (or null). */
export function toIsoDate(d: Dayjs | null | undefined): string | null {
  return d ? d.format('YYYY-MM-DD') : null;
}

/** A DatePicker value from 'YYYY-MM-DD' (or null). */
export function fromIsoDate(s: string | null | undefined): Dayjs | null {
  return s ? dayjs(s) : null;
}

export function today(): Dayjs {
  return dayjs().startOf('day');
}

/** A timestamp in the reader's time zone, e.g. 2026-11-24 09:30. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).format('YYYY-MM-DD HH:mm');
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

export function formatNumber(n: number): string {
  return n.toLocaleString(getLang() === 'en' ? 'en-US' : 'zh-CN');
}
