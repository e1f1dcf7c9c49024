/**
 * Characters no path Atelier writes may hold: C0 and C1 controls and DEL (a newline would start a
 * heading of its own in every prompt that names the file), the Unicode line and paragraph
 * separators, bidirectional overrides and isolates (a name that reads differently than it is),
 * and zero-width characters (two names that look the same).
 */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControlCode(text.charCodeAt(i))) return true;
  return false;
}

function isControlCode(code: number): boolean {
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  if (code >= 0x200b && code <= 0x200f) return true;
  return code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0xfeff;
}

/** The text on one line: every run of such characters (newlines included) becomes one space. */
export function oneLine(text: string): string {
  let out = '';
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControlCode(code)) gap = true;
    else {
      if (gap && out !== '') out += ' ';
      gap = false;
      out += text[i];
    }
  }
  return out;
}
