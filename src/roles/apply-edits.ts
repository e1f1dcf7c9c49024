import { normalizeProjectPath, type FileEdit } from '../documents/index.js';

export interface AppliedEdits {
  /** The new content of every edited file, by normalised path. */
  contents: Map<string, string>;
  /** One line per edit that cannot be applied, worded for the model to correct it. */
  problems: string[];
}

function countOccurrences(text: string, search: string): number {
  let count = 0;
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + search.length)) count++;
  return count;
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Applies search-and-replace edits in order, strictly: an edit applies only when its search text
 * occurs exactly once in the file as it stands after the edits before it. Nothing is guessed: a
 * miss or an ambiguous match is a problem sent back to the model, with what it needs to correct it.
 */
export function applyEdits(edits: readonly FileEdit[], current: (path: string) => string | undefined): AppliedEdits {
  const contents = new Map<string, string>();
  const problems: string[] = [];
  edits.forEach((edit, index) => {
    const path = normalizeProjectPath(edit.path);
    const text = contents.get(path) ?? current(path);
    const where = `edits[${index}] (${path})`;
    if (text === undefined) {
      problems.push(`${where}: the file does not exist; a new file goes under "files" with its whole content`);
      return;
    }
    const found = countOccurrences(text, edit.search);
    if (found === 1) {
      contents.set(path, text.replace(edit.search, () => edit.replace));
      return;
    }
    if (found > 1) {
      problems.push(`${where}: the search text occurs ${found} times; include more of the surrounding lines so it matches exactly once`);
    } else if (squash(text).includes(squash(edit.search))) {
      problems.push(`${where}: the search text differs from the file in whitespace or indentation; copy it exactly from the current file`);
    } else {
      problems.push(`${where}: the search text is not in the file; copy it exactly from the current content shown above (earlier edits in this answer are already applied)`);
    }
  });
  return { contents, problems };
}
