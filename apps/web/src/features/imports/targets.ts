/** Column targets ↔ the string values used by the mapping Select. */
import type { ImportPreview } from '@recova/contracts';

export type ColumnTarget = ImportPreview['columns'][number]['target'];

export const MAX_CONTACTS = 15;

export function targetToValue(t: ColumnTarget): string {
  switch (t.kind) {
    case 'field':
      return `field:${t.field}`;
    case 'contact':
      return `contact:${t.index}:${t.field}`;
    case 'custom':
      return 'custom';
    case 'ignore':
      return 'ignore';
  }
}

/** `header` names a custom field when the value is `custom`. */
export function valueToTarget(v: string, header: string, customName?: string): ColumnTarget {
  if (v.startsWith('field:')) return { kind: 'field', field: v.slice(6) };
  if (v.startsWith('contact:')) {
    const [, n, field] = v.split(':');
    return { kind: 'contact', index: Number(n), field };
  }
  if (v === 'custom') return { kind: 'custom', name: (customName ?? header).trim() || header || 'custom' };
  return { kind: 'ignore' };
}

/** Spreadsheet column letter: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
