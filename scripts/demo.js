#!/usr/bin/env node
/**
 * npm run demo: lay out a workbook from the bundled sample (海原县西安镇 2023), check it,
 * convert it back to JSON, and show what checking finds on a copy with typical mistakes.
 * Files are left in out/.
 */
'use strict';
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { run } = require('../lib/cli/main.js');

const root = path.join(__dirname, '..');
const io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), cwd: root };
const sample = 'test/fixtures/xian-2023.json';

async function step(title, argv) {
  process.stdout.write(`\n== ${title}\n$ nianbao ${argv.join(' ')}\n`);
  return run(argv, io);
}

(async () => {
  mkdirSync(path.join(root, 'out'), { recursive: true });
  let code = await step('1. 按官方格式创建工作簿，并填入样例数据', ['init', '--data', sample, '-o', 'out/xian-2023.xlsx', '--force']);
  code ||= await step('2. 校验工作簿', ['check', 'out/xian-2023.xlsx']);
  code ||= await step('3. 工作簿转回年报数据文件', ['to-json', 'out/xian-2023.xlsx', '-o', 'out/xian-2023.json', '--force']);
  code ||= await step('4. 导出报告：Word（GB/T 9704）、网页、纯文本', [
    'export', 'out/xian-2023.xlsx', '--docx', 'out/xian-2023.docx', '--html', 'out/xian-2023.html', '--text', 'out/xian-2023.txt', '--force',
  ]);

  // A copy with the mistakes supervisors find most often in published reports.
  const flawed = JSON.parse(readFileSync(path.join(root, sample), 'utf8'));
  flawed.table3.newRequests.total = 2; // 总计 not the sum of its row
  flawed.table3.carriedOver.naturalPerson = '/'; // "/" instead of 0
  flawed.table4.review.total = 1; // Table 4 total wrong
  flawed.table2.fees.amount = 356000; // fee typed in 元, not 万元
  flawed.values['稳岗就业类'] = 20; // the categories no longer add up to 主动公开信息总数
  flawed.narrative = flawed.narrative.replace('本机关 2023 年未收取信息处理费用。', ''); // 六 silent on the fee
  writeFileSync(path.join(root, 'out/xian-2023-有误示例.json'), JSON.stringify(flawed, null, 2));
  await step('5. 有误示例：创建工作簿', ['init', '--data', 'out/xian-2023-有误示例.json', '-o', 'out/xian-2023-有误示例.xlsx', '--force']);
  const flawedCode = await step('6. 有误示例：校验（预期发现错误，退出码 1）', ['check', 'out/xian-2023-有误示例.xlsx']);
  process.stdout.write(`\n（有误示例的退出码为 ${flawedCode}）\n文件已保存在 out/ 目录。\n`);
  process.exitCode = code;
})().catch((error) => {
  process.stderr.write(`演示失败：${error && error.message ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
