/** Reference data shared by several features (loaded once per session, cached). */
import { useEffect, useState } from 'react';
import type { OrgField } from '../../contracts/org.ts';
import { BUILTIN_FIELDS } from '../../domain/org/vocab.ts';
import { api } from './api.ts';
import { getLang } from './i18n.ts';

let fieldsPromise: Promise<OrgField[]> | null = null;

export function loadOrgFields(): Promise<OrgField[]> {
  fieldsPromise ??= api.get<OrgField[]>('/api/org-fields').catch((e: unknown) => {
    fieldsPromise = null;
    throw e;
  });
  return fieldsPromise;
}

export function useOrgFields(): OrgField[] {
  const [fields, setFields] = useState<OrgField[]>([]);
  useEffect(() => {
    let live = true;
    loadOrgFields().then(
      (f) => live && setFields(f),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return fields;
}

/** The field's label in the interface language (built-in fields have an English name). */
export function fieldLabel(code: string | null | undefined, fields: readonly OrgField[]): string {
  if (!code) return '';
  const builtin = (BUILTIN_FIELDS as Record<string, { zh: string; en: string }>)[code];
  if (builtin) return getLang() === 'en' ? builtin.en : builtin.zh;
  return fields.find((f) => f.code === code)?.name ?? code;
}
