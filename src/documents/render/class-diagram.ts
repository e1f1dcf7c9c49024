import type { DataStructure, RelationKind } from '../schemas/system-design.js';
import { MermaidIds, mermaidBlock, mermaidLabel } from './mermaid.js';

/**
 * Class names must start with an uppercase letter: the class-diagram lexer reads a leading `o`
 * as an aggregation arrow and lowercase words such as `class` or `note` as keywords.
 */
function classId(candidate: string): string {
  if (/^[a-z]/.test(candidate)) return candidate[0]!.toUpperCase() + candidate.slice(1);
  if (/^[A-Z]/.test(candidate)) return candidate;
  return `C_${candidate}`;
}

/** A line containing "direction TB" anywhere is read as a direction statement. */
function classText(text: string, fallback = '?'): string {
  return mermaidLabel(text, { fallback }).replace(/direction(\s+)(TB|BT|RL|LR)/g, 'direction-$2');
}

/** Member text sits inside `{ }`; generics are written `~T~` in mermaid. */
function memberText(text: string): string {
  return classText(text, '')
    .replace(/=>/g, '→')
    .replace(/[{}]/g, '')
    .replace(/[<>]/g, '~');
}

const ARROWS: Record<RelationKind, (from: string, to: string) => string> = {
  inherits: (from, to) => `${to} <|-- ${from}`,
  implements: (from, to) => `${to} <|.. ${from}`,
  uses: (from, to) => `${from} ..> ${to} : uses`,
  contains: (from, to) => `${from} *-- ${to} : contains`,
};

export function renderClassDiagram(structures: readonly DataStructure[]): string {
  const ids = new MermaidIds(classId);
  const lines = ['classDiagram'];
  // Raw `<` `>` in a label would reach the SVG as a tag; mermaid's entity codes keep them as text.
  const label = (name: string) => classText(name).replace(/</g, '#lt;').replace(/>/g, '#gt;');
  const declare = (name: string) => (ids.needsLabel(name) ? `class ${ids.idFor(name)}["${label(name)}"]` : `class ${ids.idFor(name)}`);

  for (const structure of structures) {
    const members = [
      ...structure.attributes.map((a) => `+${memberText(a.name)}: ${memberText(a.type)}`),
      ...structure.methods.map((m) => `+${memberText(m.name)}(${memberText(m.params)}) ${memberText(m.returns)}`),
    ];
    if (members.length === 0) {
      lines.push(`    ${declare(structure.name)}`);
    } else {
      lines.push(`    ${declare(structure.name)} {`, ...members.map((m) => `        ${m}`), '    }');
    }
    if (structure.kind !== 'class') lines.push(`    <<${structure.kind}>> ${ids.idFor(structure.name)}`);
  }

  const declared = new Set(structures.map((s) => s.name));
  for (const structure of structures) {
    for (const relation of structure.relations) {
      // A relation to something outside the design (a library type) still needs its label declared once.
      if (!declared.has(relation.to)) {
        declared.add(relation.to);
        if (ids.needsLabel(relation.to)) lines.push(`    ${declare(relation.to)}`);
      }
      lines.push(`    ${ARROWS[relation.kind](ids.idFor(structure.name), ids.idFor(relation.to))}`);
    }
  }
  return mermaidBlock(lines);
}
