/**
 * Rejected rows of an import as an .xlsx the user can fix and re-send: row, column, value, code, reason.
 */
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { AppContext } from '../../http/context.ts';
import { safeCell } from '../cases/cases.export.ts';

export async function writeErrorsXlsx(ctx: AppContext, importId: number, out: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('rejected');
  ws.addRow(['行号 Row', '列 Column', '字段 Field', '值 Value', '代码 Code', '原因 Reason']).commit();
  let after = -1;
  for (;;) {
    const rows = await ctx.db.selectFrom('import_errors').selectAll().where('import_id', '=', importId).where('seq', '>', after).orderBy('seq').limit(2000).execute();
    if (!rows.length) break;
    for (const e of rows) ws.addRow([e.row_no, safeCell(e.column_name), safeCell(e.field), safeCell(e.value), e.code, safeCell(e.message)]).commit();
    after = rows[rows.length - 1].seq;
  }
  ws.commit();
  await wb.commit();
}
