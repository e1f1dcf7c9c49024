import type { Call } from '../schemas/system-design.js';
import { MermaidIds, mermaidBlock, mermaidEntities, mermaidLabel } from './mermaid.js';

/**
 * The sequence lexer is case-insensitive and matches keywords as prefixes, so a participant
 * called `Endpoint` or `Note_store` would be read as `end` or `note`.
 */
const KEYWORDS = [
  'participant', 'actor', 'create', 'destroy', 'box', 'loop', 'rect', 'opt', 'alt', 'else', 'par',
  'and', 'critical', 'option', 'break', 'group', 'end', 'left', 'right', 'links', 'link', 'properties',
  'details', 'over', 'note', 'activate', 'deactivate', 'title', 'acc', 'sequencediagram', 'autonumber', 'off',
];

function participantId(candidate: string): string {
  const lower = candidate.toLowerCase();
  if (!/^[A-Za-z]/.test(candidate) || KEYWORDS.some((keyword) => lower.startsWith(keyword))) return `P_${candidate}`;
  return candidate;
}

// Quotes are plain text in messages; only `#` and `;` need entity codes.
const messageText = (text: string) => mermaidEntities(mermaidLabel(text, { keepQuotes: true }));

export function renderSequenceDiagram(calls: readonly Call[]): string {
  const ids = new MermaidIds(participantId);
  for (const call of calls) {
    ids.idFor(call.from);
    ids.idFor(call.to);
  }
  const lines = [
    'sequenceDiagram',
    ...ids.names().map((name) =>
      ids.needsLabel(name) ? `    participant ${ids.idFor(name)} as ${messageText(name)}` : `    participant ${name}`,
    ),
  ];
  for (const call of calls) {
    const from = ids.idFor(call.from);
    const to = ids.idFor(call.to);
    lines.push(`    ${from}->>${to}: ${messageText(call.message)}`);
    if (call.returns !== undefined) lines.push(`    ${to}-->>${from}: ${messageText(call.returns)}`);
  }
  return mermaidBlock(lines);
}
