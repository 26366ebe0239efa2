import ExcelJS from 'exceljs';
import type { BulkAccountRow } from '../../../contracts/users.ts';
import type { CommitteeAccountPost } from '../../../domain/auth/committee-accounts.ts';
import { POSITION_TITLE_LABELS } from '../../../domain/org/vocab.ts';

/**
 * The workbook of initial passwords (书记账号初始密码): one sheet of the accounts created with their one-time passwords,
 * one of the holders skipped and why, and a note on how the passwords are to be handed over.
 */

export const PASSWORDS_SHEET = '初始密码';
export const SKIPPED_SHEET = '未开通';

/** An account just created, with the password drawn for it (never stored; shown only here). */
export type InitialAccount = {
  orgCode: string;
  orgName: string;
  personName: string;
  post: CommitteeAccountPost;
  username: string;
  password: string;
};

const HEADER_FONT: Partial<ExcelJS.Font> = { name: '宋体', bold: true, size: 11 };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2DCDB' } };

const SKIP_REASONS: Record<NonNullable<BulkAccountRow['reason']>, string> = {
  has_account: '已有账号',
  second_post: '同一人已按另一职务开通',
  no_username: '可用的用户名均已被占用，请手工开通',
};

function headed(ws: ExcelJS.Worksheet, columns: { header: string; width: number; text?: boolean }[]): void {
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.text ? { numFmt: '@' } : {} }));
  const head = ws.getRow(1);
  head.font = HEADER_FONT;
  head.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
}

export async function buildInitialPasswordsWorkbook(
  orgName: string,
  accounts: readonly InitialAccount[],
  rows: readonly BulkAccountRow[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '落实 Luoshi';
  const ws = wb.addWorksheet(PASSWORDS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  headed(ws, [
    { header: '组织编码', width: 16, text: true },
    { header: '组织名称', width: 28 },
    { header: '姓名', width: 12 },
    { header: '职务', width: 10 },
    { header: '用户名', width: 22, text: true },
    { header: '初始密码', width: 16, text: true },
  ]);
  for (const a of accounts) {
    ws.addRow([a.orgCode, a.orgName, a.personName, POSITION_TITLE_LABELS[a.post].zh, a.username, a.password]);
  }

  const skipped = wb.addWorksheet(SKIPPED_SHEET);
  headed(skipped, [
    { header: '组织编码', width: 16, text: true },
    { header: '组织名称', width: 28 },
    { header: '姓名', width: 12 },
    { header: '职务', width: 10 },
    { header: '原因', width: 36 },
    { header: '已有用户名', width: 22, text: true },
  ]);
  for (const r of rows) {
    if (r.action !== 'skip' || !r.reason) continue;
    skipped.addRow([
      r.orgCode,
      r.orgName,
      r.personName,
      POSITION_TITLE_LABELS[r.post].zh,
      SKIP_REASONS[r.reason],
      r.username ?? '',
    ]);
  }

  const note = wb.addWorksheet('说明');
  note.columns = [{ width: 100 }];
  note.addRow([`“${orgName}”批量开通的书记账号`]).font = { name: '黑体', size: 14, bold: true };
  note.addRow([`共开通 ${accounts.length} 个账号；初始密码只在本文件中出现一次，系统不保存明文，丢失后只能重置。`]);
  note.addRow(['请将用户名和初始密码分别、当面或经可靠渠道交给本人；本人首次登录后须修改密码。']);
  note.addRow(['分发完毕后请删除本文件，不要通过微信群、邮件群发或存放在共享目录中。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
