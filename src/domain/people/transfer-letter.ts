import { formatDocDate, type OfficialDoc } from '../report/official-doc.ts';
import { ageOn } from './age.ts';
import { GENDER_LABELS, type Gender } from './vocab.ts';

/**
 * The introduction letter (中国共产党党员组织关系介绍信) of an outgoing transfer as an official document for the
 * platform's writer (src/server/features/report/official-doc.ts): its number, the member, the sending and receiving
 * organisations, the dues paid up to, and the letter's validity (transfer.letterValidMonths, ../shared/domain-rules.md
 * §5, S), signed by the sending organisation on the day issued. Pure.
 */

export type TransferLetterFacts = {
  /** The letter number as issued; null: the platform's number of the transfer is printed. */
  letterNo: string | null;
  transferId: number;
  issuedOn: string;
  dueOn: string;
  validMonths: number;
  person: {
    name: string;
    gender: Gender | null;
    birthDate: string | null;
    ethnicity: string | null;
    idNumber: string | null;
    /** probationary or full. */
    status: string;
  };
  fromOrg: string;
  toOrg: string;
  reason: string;
  /** The last month paid ('YYYY-MM'), null when none is recorded. */
  duesPaidThrough: string | null;
};

/** The number printed: the one issued, else 〔year〕 and the transfer's number. */
export function letterNumberOf(f: Pick<TransferLetterFacts, 'letterNo' | 'transferId' | 'issuedOn'>): string {
  return f.letterNo ?? `组转〔${f.issuedOn.slice(0, 4)}〕${f.transferId}号`;
}

export function transferLetterDoc(f: TransferLetterFacts): OfficialDoc {
  const p = f.person;
  const about = [
    p.gender ? GENDER_LABELS[p.gender].zh : null,
    p.birthDate ? `${ageOn(p.birthDate, f.issuedOn)}岁` : null,
    p.ethnicity,
  ].filter((x): x is string => !!x);
  const who = `${p.name}同志${about.length ? `（${about.join('，')}）` : ''}`;
  const kind = p.status === 'probationary' ? '中共预备党员' : '中共正式党员';
  const id = p.idNumber ? `，身份证号码${p.idNumber}` : '';
  const dues = f.duesPaidThrough
    ? `该同志党费已交到${f.duesPaidThrough.slice(0, 4)}年${Number(f.duesPaidThrough.slice(5, 7))}月。`
    : '该同志党费交纳情况未登记。';
  return {
    issuer: f.fromOrg,
    docNumber: letterNumberOf(f),
    title: '中国共产党党员组织关系介绍信',
    recipients: f.toOrg,
    body: [
      { kind: 'paragraph', text: `${who}，系${kind}${id}，由${f.fromOrg}转到${f.toOrg}，请转接组织关系。` },
      { kind: 'paragraph', text: `转接原因：${f.reason}。${dues}` },
      {
        kind: 'paragraph',
        text: `本介绍信有效期${f.validMonths}个月，至${formatDocDate(f.dueOn)}止。`,
      },
    ],
    signature: f.fromOrg,
    date: f.issuedOn,
  };
}
