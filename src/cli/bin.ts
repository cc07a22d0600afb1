/** Process entry of the `nianbao` command. */
import { run } from './main';
import { readError } from './sources';

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
