#!/usr/bin/env node
/**
 * Validates an add-in manifest offline against the bundled XML schemas (schemas/manifest-xsd,
 * OfficeApp 1.1 with VersionOverrides) with xmllint. Exit 0 when valid, 1 when not, 2 when
 * xmllint is missing. Usage: node scripts/validate-manifest.js [manifest.xml]
 */
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const file = process.argv[2] ?? 'manifest.xml';
const schema = path.join(__dirname, '..', 'schemas', 'manifest-xsd', 'OfficeAppManifestV1_1.xsd');
const result = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
if (result.error) {
  console.error('未找到 xmllint：请安装 libxml2-utils（Debian/Ubuntu：apt-get install libxml2-utils）');
  process.exit(2);
}
if (result.status === 0) {
  console.log(`${file}：清单有效（符合 OfficeApp 1.1 架构）`);
  process.exit(0);
}
console.error(`${file}：清单无效`);
console.error(result.stderr.trim());
process.exit(1);
