import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
const tpl = process.argv[2];
const t = () => performance.now();
for (let i = 0; i < 3; i++) {
  const dir = fs.mkdtempSync(path.join(process.env.ROOT, 'speed-open-'));
  let a = t();
  fs.cpSync(tpl, dir, { recursive: true });
  let b = t();
  const pg = await PGlite.create(path.join(dir, 'pglite'));
  let c = t();
  await pg.query('select count(*) from cases');
  let d = t();
  await pg.close();
  let e = t();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`disk: cp ${(b-a)|0} ms, open ${(c-b)|0} ms, q ${(d-c)|0}, close ${(e-d)|0}, rm ${(t()-e)|0}`);
}
// tarball
const src = await PGlite.create(path.join(tpl, 'pglite'));
