/** Process entry of the `nianbao` command. */
import { run } from './main';
import { readError } from './sources';

// Ctrl-C or a polite kill: outputs are written synchronously from temporary file to rename, so
// this runs between writes, never inside one; each file is complete or absent.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write('\nnianbao：已中断。已写出的文件都是完整的，未写出的没有生成，原有文件没有改动。\n');
    process.exit(130);
  });
}

run(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`nianbao：运行出错：${readError(error)}\n`);
    process.exitCode = 2;
  },
);
