/** What every command shares: its output, exit codes, usage errors, reading one file, writing safely. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { loadSource, type LoadedReport } from './sources';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_UNREADABLE = 2;

/** A failure the user can act on; printed as one Chinese line, never a stack trace. */
export class UsageError extends Error {}

/** Load a source for a command that works on one file; an unreadable file is said on stderr. */
export async function loadOne(file: string, io: CliIO): Promise<LoadedReport | null> {
  try {
    return await loadSource(path.resolve(io.cwd, file));
  } catch (error) {
    io.err(`${file}：无法读取：${(error as Error).message}\n`);
    return null;
  }
}

export async function ensureWritable(file: string, force: boolean | undefined): Promise<void> {
  if (existsSync(file) && !force) throw new UsageError(`文件“${file}”已存在；为避免覆盖已填写的内容，请换一个文件名，或加 --force 确认覆盖`);
  await mkdir(path.dirname(file), { recursive: true });
}

