import type { SystemDesign } from '../schemas/system-design.js';
import { renderClassDiagram } from './class-diagram.js';
import { bulletList, inlineCode, section, table } from './markdown.js';
import { renderSequenceDiagram } from './sequence-diagram.js';

export function renderSystemDesign(design: SystemDesign): string[] {
  const { commands } = design;
  const commandRows = (
    [
      ['Install', commands.install],
      ['Build', commands.build],
      ['Test', commands.test],
      ['Run', commands.run],
    ] as const
  ).flatMap(([step, command]) => (command === undefined ? [] : [[step, inlineCode(command)]]));

  const frameworks = design.runtime.frameworks.length === 0 ? 'none' : design.runtime.frameworks.join(', ');
  return [
    section('Implementation Approach', design.implementation_approach),
    section(
      'Language and Runtime',
      bulletList([`**Language:** ${design.language}`, `**Runtime:** ${design.runtime.name}`, `**Frameworks:** ${frameworks}`]),
    ),
    section('File List', bulletList(design.file_list.map(inlineCode))),
    section('Data Structures', design.data_structures.length === 0 ? '' : renderClassDiagram(design.data_structures)),
    section('Call Flow', design.call_flow.length === 0 ? '' : renderSequenceDiagram(design.call_flow)),
    section('Commands', table(['Step', 'Command'], commandRows)),
    section('Open Questions', bulletList(design.open_questions)),
  ];
}
