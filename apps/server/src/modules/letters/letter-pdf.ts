/**
 * Letters as PDF (issue 5 item 6) with pdfkit and a CJK font (Debian `fonts-noto-cjk`:
 * NotoSansCJK-Regular.ttc, Simplified Chinese face). One document holds one or many letters, each
 * starting on a new page (a print batch). A missing font file is a clear INVALID_STATE error naming
 * the path and the package, never a PDF with empty boxes.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../http/errors.ts';

/** One letter's printable parts (already rendered, unmasked: the letter is mailed). */
export interface LetterPage { letterNo: string; date: string; sender: string; recipient: string; address: string; title: string; body: string }

/** The face to use inside a font collection (.ttc): Simplified Chinese for the Noto CJK collection. */
const TTC_FACE = 'NotoSansCJKsc-Regular';

/** Check the font file exists and is readable; INVALID_STATE otherwise. */
export function assertFont(fontPath: string): void {
  try {
    fs.accessSync(fontPath, fs.constants.R_OK);
  } catch {
    throw new AppError('INVALID_STATE', `letter font not found at ${fontPath}: install the Debian package fonts-noto-cjk or set the letter font path in the messaging settings`);
  }
}

/** Render letters into one PDF (A4, 2.5 cm margins). */
export async function renderLettersPdf(letters: LetterPage[], fontPath: string): Promise<Buffer> {
  assertFont(fontPath);
  const doc = new PDFDocument({ size: 'A4', margin: 71, autoFirstPage: false, info: { Title: letters.length === 1 ? letters[0].letterNo : `${letters.length} letters`, Producer: 'Recova' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { doc.on('end', () => resolve()); doc.on('error', reject); });
  try {
    if (fontPath.toLowerCase().endsWith('.ttc')) doc.registerFont('cjk', fontPath, TTC_FACE);
    else doc.registerFont('cjk', fontPath);
  } catch (e) {
    throw new AppError('INVALID_STATE', `letter font ${fontPath} cannot be used: ${(e as Error).message}`);
  }
  for (const l of letters) {
    doc.addPage();
    doc.font('cjk');
    doc.fontSize(9).fillColor('#555').text(`${l.sender}    ${l.letterNo}`, { align: 'right' });
    doc.moveDown(1.5);
    doc.fontSize(11).fillColor('#000').text(l.recipient).text(l.address);
    doc.moveDown(2);
    if (l.title) doc.fontSize(16).text(l.title, { align: 'center' }).moveDown(1);
    doc.fontSize(11).text(l.body, { align: 'left', lineGap: 4 });
    doc.moveDown(2);
    doc.text(l.sender, { align: 'right' }).text(l.date, { align: 'right' });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
