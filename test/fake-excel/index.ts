/**
 * The fake Excel host: an in-memory workbook behind the Office.js API subset nianbao uses,
 * with load/sync semantics and a sync counter. Used by jest and by the browser preview.
 */
export { FakeSheet, FakeWorkbookModel, DEFAULT_FORMAT, type FakeCell, type FakeValue } from './model';
export { createFakeHost, FakeContext, OfficeError, type FakeHost } from './api';
