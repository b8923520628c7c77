// An imported text file that is not what it claims (DESIGN.md section 6; issue 11, finding 5):
// a CSV saved as "Unicode" (UTF-16) and read as UTF-8 shows a NUL between every letter, and a
// damaged or binary file has NULs of its own. Both would otherwise be reported as a dozen
// misleading problems ("column l\u0000i\u0000c… is not known"); this names the real one.

/** Why the text cannot be a text file of ours, or null. `what` names it: "the file". */
export function textFileProblem(text: string): string | null {
  const head = text.slice(0, 400);
  let nuls = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0) nuls += 1;
  // The BOM of UTF-16 read as UTF-8 (two replacement characters), as Latin-1, or a NUL right at the start.
  const utf16Bom = text.startsWith('\uFFFD\uFFFD') || text.startsWith('\u00FF\u00FE') || text.startsWith('\u00FE\u00FF') || text.replace(/^\uFEFF/, '').charCodeAt(0) === 0;
  if (utf16Bom || (head.length >= 4 && nuls >= head.length / 4)) {
    return 'is saved as UTF-16 ("Unicode"), not UTF-8: open it in the spreadsheet and save it again as "CSV UTF-8" (or plain text, UTF-8)';
  }
  const at = text.indexOf('\u0000');
  if (at >= 0) {
    const line = text.slice(0, at).split('\n').length;
    return `contains a NUL character (on line ${line}): it is not a text file, or it is damaged`;
  }
  return null;
}
