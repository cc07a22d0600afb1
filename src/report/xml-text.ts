/**
 * Text for XML files (.xlsx, .docx): characters XML 1.0 forbids (C0 controls other than tab,
 * line feed and carriage return, U+FFFE, U+FFFF, unpaired surrogates) would make a file no
 * program can open; each becomes U+FFFD (the replacement character), visibly. Pure.
 */
// A surrogate pair is matched whole (and kept); a lone surrogate alone (and replaced). No
// lookbehind: Safari before 16.4 rejects a script that holds one.
const ILLEGAL = /[\ud800-\udbff][\udc00-\udfff]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/g;

export function xmlSafe(text: string): string {
  return text.replace(ILLEGAL, (found) => (found.length === 2 ? found : '\ufffd'));
}
