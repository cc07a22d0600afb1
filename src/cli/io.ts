/**
 * What every command shares: its output, exit codes, usage errors, reading input files safely
 * and writing outputs atomically.
 *
 * Writes: every output of a command is checked (format ↔ extension, not an input, not a
 * symbolic link, not existing unless --force) before any is written; each is written to a
 * temporary file in the same folder, flushed, then moved onto its name in one step (rename, or
 * a hard link that fails when the name exists). A kill at any moment leaves the old file or the
 * complete new one, never a partial file.
 */
import * as fs from 'node:fs';
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

/** An input file that cannot be read; the message is Chinese and says what to do. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Largest input file read (bytes). */
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

/** A file-system error code as a Chinese reason. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return '文件不存在，请检查文件名和路径';
    case 'EISDIR':
      return '这是一个文件夹，不是文件';
    case 'ENOTDIR':
      return '路径中有一级不是文件夹，请检查路径';
    case 'EACCES':
    case 'EPERM':
      return '没有访问该文件的权限，请检查文件权限或换一个位置';
    case 'ELOOP':
      return '符号链接循环指向自身，无法打开';
    case 'ENAMETOOLONG':
      return '文件名或路径过长';
    case 'ENOSPC':
      return '磁盘空间不足';
    case 'EROFS':
      return '该位置只读，无法写入';
    case 'EMFILE':
    case 'ENFILE':
      return '同时打开的文件过多，请稍后再试';
    case 'EBUSY':
      return '文件正被其他程序使用，请关闭后再试';
    default:
      return `文件系统错误（${code ?? '未知'}）`;
  }
}

/**
 * Read an input file: only a regular file (never a pipe, device or /dev/stdin, which could
 * block forever), at most MAX_INPUT_BYTES. Opened without blocking, checked on the open handle.
 */
export async function readInputFile(file: string): Promise<Uint8Array> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(fsReason(error));
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new InputError('这是一个文件夹，不是文件');
    if (!stat.isFile()) throw new InputError('不是普通文件（是管道、设备或其他特殊文件），无法读取；请先保存为文件');
    if (stat.size > MAX_INPUT_BYTES) {
      throw new InputError(`文件过大（${(stat.size / 1024 / 1024).toFixed(1)} MB，上限为 ${MAX_INPUT_BYTES / 1024 / 1024} MB）`);
    }
    const bytes = new Uint8Array(stat.size);
    let read = 0;
    while (read < stat.size) {
      const { bytesRead } = await handle.read(bytes, read, stat.size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return bytes.subarray(0, read);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(fsReason(error));
  } finally {
    await handle.close();
  }
}

/** Load a source for a command that works on one file; an unreadable file is said on stderr. */
export async function loadOne(file: string, io: CliIO): Promise<LoadedReport | null> {
  try {
    return await loadSource(path.resolve(io.cwd, file));
  } catch (error) {
    io.err(`${file}：无法读取：${(error as Error).message}\n`);
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// Outputs

export type OutputFormat = 'xlsx' | 'docx' | 'html' | 'text' | 'json';

const EXTENSIONS: Record<OutputFormat, { ext: string[]; name: string }> = {
  xlsx: { ext: ['.xlsx'], name: 'Excel 工作簿（.xlsx）' },
  docx: { ext: ['.docx'], name: 'Word 文档（.docx）' },
  html: { ext: ['.html', '.htm'], name: '网页（.html）' },
  text: { ext: ['.txt'], name: '纯文本（.txt）' },
  json: { ext: ['.json'], name: '年报数据文件（.json）' },
};

export interface OutputTarget {
  /** As the user typed it (for messages). */
  given: string;
  format: OutputFormat;
}

export interface CheckedOutput {
  given: string;
  /** Absolute path. */
  file: string;
  format: OutputFormat;
}

function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/**
 * Check every output of one command before anything is written: extension matches the format,
 * no two outputs are the same file, none is an input (after resolving links), none is a
 * symbolic link, a folder or an existing file (unless `force`). Creates missing folders.
 */
export function checkOutputs(targets: readonly OutputTarget[], options: { cwd: string; inputs: readonly string[]; force?: boolean }): CheckedOutput[] {
  const inputs = options.inputs.map((f) => statOrNull(path.resolve(options.cwd, f))).filter((s): s is fs.Stats => s !== null);
  const checked: CheckedOutput[] = [];
  for (const target of targets) {
    const file = path.resolve(options.cwd, target.given);
    const spec = EXTENSIONS[target.format];
    if (!spec.ext.includes(path.extname(file).toLowerCase())) {
      throw new UsageError(`输出文件“${target.given}”的扩展名与格式不符：${spec.name}的文件名须以 ${spec.ext.join(' 或 ')} 结尾`);
    }
    if (checked.some((c) => c.file === file)) throw new UsageError(`输出文件“${target.given}”指定了不止一次，请为每种输出换一个文件名`);
    let link: fs.Stats | null = null;
    try {
      link = fs.lstatSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new UsageError(`无法写入“${target.given}”：${fsReason(error)}`);
    }
    if (link?.isSymbolicLink()) {
      throw new UsageError(`输出文件“${target.given}”是一个符号链接（快捷方式）；为免写到别处，请直接指定一个普通文件名`);
    }
    if (link) {
      if (link.isDirectory()) throw new UsageError(`输出文件“${target.given}”是一个文件夹，请指定文件名`);
      if (!link.isFile()) throw new UsageError(`输出文件“${target.given}”不是普通文件，无法写入`);
      if (inputs.some((input) => sameFile(input, link))) {
        throw new UsageError(`输出文件“${target.given}”就是输入文件；为免丢失原文件，请另存为一个新文件`);
      }
      if (!options.force) throw new UsageError(`文件“${target.given}”已存在；为避免覆盖已填写的内容，请换一个文件名，或加 --force 确认覆盖`);
    }
    checked.push({ given: target.given, file, format: target.format });
  }
  for (const c of checked) {
    try {
      fs.mkdirSync(path.dirname(c.file), { recursive: true });
    } catch (error) {
      throw new UsageError(`无法创建文件夹“${path.dirname(c.given)}”：${fsReason(error)}`);
    }
  }
  return checked;
}

function writeAll(fd: number, data: Uint8Array): void {
  let written = 0;
  while (written < data.length) written += fs.writeSync(fd, data, written, data.length - written);
}

/**
 * Write one checked output atomically: a temporary file in the same folder, flushed to disk,
 * then moved onto the name. Without `force` the final step fails if the name appeared in the
 * meantime (another nianbao writing it), so two writers never silently replace each other.
 */
export function writeAtomic(output: CheckedOutput, content: string | Uint8Array, force: boolean | undefined): void {
  const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const dir = path.dirname(output.file);
  const tmp = path.join(dir, `.${path.basename(output.file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.nianbao-tmp`);
  let moved = false;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o644);
    try {
      writeAll(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (force) {
      const old = statOrNull(output.file);
      if (old) fs.chmodSync(tmp, old.mode & 0o7777);
      fs.renameSync(tmp, output.file);
      moved = true;
    } else {
      try {
        fs.linkSync(tmp, output.file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          throw new UsageError(`文件“${output.given}”已存在（可能刚由另一个程序写入）；未覆盖。请换一个文件名，或加 --force 确认覆盖`);
        }
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
        // No hard links here (some network or FAT drives): claim the name exclusively, then replace it.
        fs.closeSync(fs.openSync(output.file, 'wx'));
        fs.renameSync(tmp, output.file);
        moved = true;
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`无法写入“${output.given}”：${fsReason(error)}`);
  } finally {
    if (!moved) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
  }
  try {
    const dirFd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // not supported on every platform; the rename itself is atomic
  }
}

/**
 * Render and write a command's outputs: all are checked first, then all are rendered in memory,
 * then each is written atomically. Returns the checked outputs (for messages).
 */
export async function writeOutputs(
  outputs: readonly (OutputTarget & { render: () => Promise<string | Uint8Array> | string | Uint8Array })[],
  options: { cwd: string; inputs: readonly string[]; force?: boolean },
): Promise<CheckedOutput[]> {
  const checked = checkOutputs(outputs, options);
  const contents: (string | Uint8Array)[] = [];
  for (const output of outputs) contents.push(await output.render());
  checked.forEach((output, i) => writeAtomic(output, contents[i], options.force));
  return checked;
}

/** A path for messages: relative to the working folder when inside it. */
export function shown(file: string, cwd: string): string {
  return path.relative(cwd, file) || file;
}
