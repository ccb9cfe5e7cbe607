/**
 * Run a `recova …` command in this test process: the binary's own entry (`main` in src/cli/main.ts, which
 * bin/recova.mjs awaits and turns into the exit code) with `argv`, stdout and stderr captured and extra
 * environment variables set for the duration of the call. Same exit codes and output text as the real
 * binary, without starting Node + tsx + the module graph for every command (seconds each on CI).
 *
 * The real binary is still run as a child process by one smoke test per contract (cli.test.ts,
 * aging-cli.test.ts, import-crash.test.ts). Not re-entrant: await each call before the next.
 */
import { StringDecoder } from 'node:string_decoder';
import { main } from '../../src/cli/main.ts';

/** What a command left: exit code (0 ok, 1 rows rejected / tampered / to resume, 2 usage error) and its output. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

let busy = false;

type Write = typeof process.stdout.write;

function capture(stream: NodeJS.WriteStream, sink: (s: string) => void): () => void {
  const original = stream.write;
  const decoder = new StringDecoder('utf8');
  stream.write = ((chunk: string | Uint8Array, enc?: BufferEncoding | ((e?: Error | null) => void), cb?: (e?: Error | null) => void) => {
    sink(typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk)));
    const done = typeof enc === 'function' ? enc : cb;
    if (done) queueMicrotask(() => done(null));
    return true;
  }) as Write;
  return () => {
    stream.write = original;
  };
}

/**
 * `recova ...args` with `env` added to (or, for `undefined` values, removed from) process.env during the call.
 * Resolves with the exit code the binary would exit with, and everything written to stdout and stderr.
 */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  if (busy) throw new Error('runCli: one command at a time');
  busy = true;
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(env)) {
    saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let out = '';
  let err = '';
  const restoreOut = capture(process.stdout, (s) => (out += s));
  const restoreErr = capture(process.stderr, (s) => (err += s));
  try {
    const code = await main(['node', 'recova', ...args]);
    return { code, out, err };
  } finally {
    restoreOut();
    restoreErr();
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    busy = false;
  }
}
