import { xmlSafe } from '../src/report/xml-text';

describe('xmlSafe: text that XML 1.0 can hold', () => {
  it('replaces C0 controls, U+FFFE/U+FFFF and lone surrogates by U+FFFD', () => {
    expect(xmlSafe('a\u0001b\u001fc\ufffed\uffffe')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde');
    expect(xmlSafe('x\ud800y')).toBe('x\ufffdy');
    expect(xmlSafe('x\udc00y')).toBe('x\ufffdy');
    expect(xmlSafe('\udc00\ud800')).toBe('\ufffd\ufffd');
  });
  it('keeps tab, line breaks, surrogate pairs and ordinary text', () => {
    expect(xmlSafe('甲\t乙\n丙\r丁 😀 𠀀')).toBe('甲\t乙\n丙\r丁 😀 𠀀');
  });
});
