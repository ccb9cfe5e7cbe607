/**
 * Minimal random-access zip reader for .xlsx parts: reads the central directory (zip64 aware) and
 * streams one entry through `zlib.createInflateRaw`, opening the file afresh for every entry.
 *
 * Why not exceljs' WorkbookReader / unzipper's sequential parse: those read the archive front to
 * back, and Excel and LibreOffice store `sharedStrings.xml` *after* the sheets, so the sheets get
 * inflated to temporary files before the first row can be produced (and the temp files outlive an
 * early `break`). With the central directory we read the small parts first and then stream only
 * the wanted sheet, so a 30-row preview of a 100,000-row file costs milliseconds.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { ReaderError } from './reader-error.ts';

/** One file in the archive, as described by the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** The central directory of one zip file. */
export interface ZipDirectory {
  path: string;
  /** entries by normalised name (forward slashes, no leading slash) */
  entries: Map<string, ZipEntry>;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CDH_SIG = 0x02014b50;
const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;

/**
 * Zip-bomb bounds (OWASP File Upload Cheat Sheet; OWASP ASVS 5.0 V5.2 "compressed files are checked
 * for decompression bombs"). The declared sizes in the directory are the attacker's to choose, so the
 * inflated bytes themselves are counted:
 * - one part may inflate to at most {@link MAX_ENTRY_BYTES} (a 1M-row, 30-column sheet is ~1.5 GB);
 * - past {@link RATIO_FLOOR_BYTES}, a part may not inflate more than {@link MAX_RATIO} times its
 *   compressed size (real sheet XML compresses 5–60×; deflate's ceiling is ~1,030×);
 * - XML text may not run longer than {@link MAX_TEXT_RUN} bytes without a `<` (Excel caps a cell at
 *   32,767 characters), so a parser never buffers a gigabyte-long text node.
 */
export const MAX_ENTRY_BYTES = 4 * 1024 ** 3;
export const RATIO_FLOOR_BYTES = 64 * 1024 * 1024;
export const MAX_RATIO = 200;
export const MAX_TEXT_RUN = 1024 * 1024;

/** A pass-through that fails the stream when an inflating part breaks the bounds above. */
function bombGuard(entry: ZipEntry): Transform {
  let total = 0;
  let run = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      const lastLt = chunk.lastIndexOf(0x3c);
      if (lastLt < 0) run += chunk.length;
      else {
        const firstLt = chunk.indexOf(0x3c);
        if (run + firstLt > MAX_TEXT_RUN) return done(tooLarge(entry, 'text_run'));
        run = chunk.length - lastLt - 1;
        // inner runs of one chunk (between two '<') are bounded by the chunk size (256 KiB) < MAX_TEXT_RUN
      }
      if (run > MAX_TEXT_RUN) return done(tooLarge(entry, 'text_run'));
      if (total > MAX_ENTRY_BYTES || (total > RATIO_FLOOR_BYTES && total > MAX_RATIO * Math.max(1, entry.compressedSize))) {
        return done(tooLarge(entry, 'decompression_bomb'));
      }
      done(null, chunk);
    },
  });
}

const tooLarge = (entry: ZipEntry, reason: string) =>
  new ReaderError('FILE_TOO_LARGE', reason === 'text_run'
    ? `Workbook part ${entry.name} has a text longer than any cell can hold`
    : `Workbook part ${entry.name} inflates far beyond its size (a decompression bomb?)`, { part: entry.name, reason });

const corrupt = (why: string) => new ReaderError('FILE_CORRUPT', `Corrupt zip archive: ${why}`, { reason: why });

/** Normalise a part name: backslashes to slashes, no leading slash. */
export function normalizePartName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '');
}

/** Read the central directory of a zip file. Throws `FILE_CORRUPT` when it cannot be found. */
export async function readZipDirectory(path: string): Promise<ZipDirectory> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw corrupt('no end of central directory');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) throw corrupt('zip64 locator missing');
      const z64 = Buffer.alloc(56);
      await fh.read(z64, 0, 56, Number(tail.readBigUInt64LE(loc + 8)));
      if (z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw corrupt('zip64 end record missing');
      count = Number(z64.readBigUInt64LE(32));
      cdSize = Number(z64.readBigUInt64LE(40));
      cdOffset = Number(z64.readBigUInt64LE(48));
    }
    if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > size) throw corrupt('central directory out of range');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    return { path, entries: parseCentralDirectory(cd, count) };
  } finally {
    await fh.close();
  }
}

function parseCentralDirectory(cd: Buffer, count: number): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw corrupt('bad central directory header');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const rawName = cd.subarray(p + 46, p + 46 + nameLen);
    const name = normalizePartName(rawName.toString(flags & 0x800 ? 'utf8' : 'latin1'));
    // zip64 extended information: only the fields whose 32-bit value is saturated are present
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff) (uncompressedSize = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    if (!name.endsWith('/')) entries.set(name, { name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    p = extraEnd + commentLen;
  }
  return entries;
}

/** Find an entry by part name, tolerating case differences some writers introduce. */
export function findEntry(dir: ZipDirectory, name: string): ZipEntry | undefined {
  const n = normalizePartName(name);
  const exact = dir.entries.get(n);
  if (exact) return exact;
  const lower = n.toLowerCase();
  for (const [k, v] of dir.entries) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * Stream one entry's uncompressed bytes. The file is opened for this stream only; destroying the
 * returned stream (e.g. on an early `break`) closes the file.
 */
export async function openEntryStream(dir: ZipDirectory, entry: ZipEntry): Promise<Readable> {
  if (entry.flags & 0x1) throw new ReaderError('FILE_ENCRYPTED', 'The workbook is password-protected');
  if (entry.method !== 0 && entry.method !== 8) throw corrupt(`compression method ${entry.method}`);
  const fh = await open(dir.path, 'r');
  const local = Buffer.alloc(30);
  try {
    await fh.read(local, 0, 30, entry.localHeaderOffset);
  } finally {
    await fh.close();
  }
  if (local.readUInt32LE(0) !== 0x04034b50) throw corrupt(`bad local header for ${entry.name}`);
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(dir.path, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  const guard = bombGuard(entry);
  // pipeline destroys the file stream when the consumer destroys `guard` early, and passes errors on
  if (entry.method === 0) pipeline(raw, guard, () => {});
  else pipeline(raw, createInflateRaw({ chunkSize: 256 * 1024 }), guard, () => {});
  return guard;
}

/** Read a whole (small) entry into memory; refuses entries larger than `maxBytes`. */
export async function readEntryBuffer(dir: ZipDirectory, entry: ZipEntry, maxBytes = 64 * 1024 * 1024): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) {
    throw new ReaderError('FILE_TOO_LARGE', `Workbook part ${entry.name} is too large`, { part: entry.name });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = await openEntryStream(dir, entry);
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      stream.destroy();
      throw new ReaderError('FILE_TOO_LARGE', `Workbook part ${entry.name} is too large`, { part: entry.name });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
