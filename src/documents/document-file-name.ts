/** Where a document's Markdown lives in the workspace: `docs/<name>.md`, with a name safe on every file system. */
export function documentFileName(name: string): string {
  const safe = name
    .trim()
    .replace(/\.md$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100)
    .replace(/[-.]+$/, '');
  // Windows refuses these base names whatever the extension.
  const reserved = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/.test(safe);
  return `docs/${safe === '' ? 'document' : reserved ? `doc-${safe}` : safe}.md`;
}
