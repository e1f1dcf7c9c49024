import type { TemplateDefinition } from './template-schema.js';

/**
 * The template as a Markdown section for the idea context the product manager and architect
 * receive: what to build on (stack), what to include (features), how to shape it (architecture).
 */
export function templateBrief(template: TemplateDefinition): string {
  const { stack } = template;
  const frameworks = stack.frameworks.length > 0 ? `; frameworks and libraries: ${stack.frameworks.join(', ')}` : '';
  const lines = [
    `# Project template: ${template.name}`,
    '',
    template.description.trim(),
    '',
    `Stack: ${stack.language} on ${stack.runtime}${frameworks}.`,
    '',
    'Features to include:',
    ...template.features.map((feature) => `- ${feature}`),
    '',
    `Architecture: ${template.architecture.trim()}`,
  ];
  if (template.idea_hints && template.idea_hints.length > 0) {
    lines.push('', 'Where the idea does not say, decide and state:', ...template.idea_hints.map((hint) => `- ${hint}`));
  }
  lines.push('', 'The idea itself wins wherever it differs from this template.');
  return `${lines.join('\n')}\n`;
}
