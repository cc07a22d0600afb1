/**
 * Stands in for office.js: installs `Office` and `Excel` globals over the fake Excel host, so
 * the real task pane page (taskpane.html) runs in a plain browser — for the benchmark and the
 * end-to-end tests, which serve this file in place of Microsoft's office.js.
 */
import { createFakeHost, FakeWorkbookModel } from '../../test/fake-excel';

const model = new FakeWorkbookModel();
model.addSheet('Sheet1');
const params = new URLSearchParams(location.search);
const host = createFakeHost(model, params.get('api') ?? '1.18');
const info = { host: 'Excel', platform: 'OfficeOnline' };

Object.assign(window, {
  Excel: { run: host.run },
  Office: {
    HostType: { Excel: 'Excel', Word: 'Word' },
    context: { requirements: { isSetSupported: host.isSetSupported } },
    onReady(callback?: (i: typeof info) => void) {
      queueMicrotask(() => callback?.(info));
      return Promise.resolve(info);
    },
  },
  nianbaoFake: { model },
});
