/**
 * Text for XML files (.xlsx, .docx): characters XML 1.0 forbids (C0 controls other than tab,
 * line feed and carriage return, U+FFFE, U+FFFF, unpaired surrogates) would make a file no
 * program can open; each becomes U+FFFD (the replacement character), visibly. Pure.
 */
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlSafe(text: string): string {
  return text.replace(ILLEGAL, '\ufffd');
}
