import type { DeploymentGuide } from '../schemas/deployment-guide.js';
import { bulletList, codeBlock, heading, inlineCode, section, table } from './markdown.js';

export function renderDeploymentGuide(guide: DeploymentGuide): string[] {
  const variables = table(
    ['Name', 'Required', 'Description'],
    guide.environment_variables.map((v) => [inlineCode(v.name), v.required ? 'yes' : 'no', v.description]),
  );
  const steps = guide.steps
    .map((step, index) => {
      const parts = [heading(3, `${index + 1}. ${step.title}`)];
      if (step.commands.length > 0) parts.push(codeBlock(step.commands.join('\n'), 'sh'));
      if (step.notes !== undefined) parts.push(step.notes.trim());
      return parts.join('\n\n');
    })
    .join('\n\n');
  const troubleshooting = guide.troubleshooting
    .map((t) => `${heading(3, t.problem)}\n\n${t.solution.trim()}`)
    .join('\n\n');
  return [
    section('Overview', guide.overview),
    section('Prerequisites', bulletList(guide.prerequisites)),
    section('Environment Variables', guide.environment_variables.length === 0 ? '' : variables),
    section('Steps', steps),
    section('Verification', guide.verification),
    section('Troubleshooting', troubleshooting),
  ];
}
