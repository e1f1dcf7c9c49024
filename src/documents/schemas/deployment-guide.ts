import * as z from 'zod';
import { field } from './fields.js';

export const deploymentGuideSchema = field(
  z.object({
    overview: field(z.string().min(1), 'What gets deployed and where.', 'The CLI is published to npm and installed globally.'),
    prerequisites: field(z.array(z.string().min(1)), 'What must exist before deploying.', ['Node.js 20 or newer']),
    environment_variables: field(
      z.array(
        z.object({
          name: field(z.string().min(1), 'Variable name.', 'READING_LIST_FILE'),
          description: field(z.string().min(1), 'What it configures and its default.', 'Path of the data file; defaults to ~/.reading-list.json.'),
          required: field(z.boolean(), 'true when the program cannot run without it.', false),
        }),
      ),
      'Environment variables the program reads; an empty list when none.',
    ),
    steps: field(
      z
        .array(
          z.object({
            title: field(z.string().min(1), 'What this step achieves.', 'Build and publish'),
            commands: field(z.array(z.string().min(1)), 'Shell commands, in order.', ['npm ci', 'npm run build', 'npm publish']),
            notes: field(z.string().min(1).optional(), 'Caveats for this step.', 'Requires `npm login` first.'),
          }),
        )
        .min(1),
      'Deployment steps in order.',
    ),
    verification: field(z.string().min(1), 'How to check the deployment works.', 'Run `reading --version` and `reading list`.'),
    troubleshooting: field(
      z.array(
        z.object({
          problem: field(z.string().min(1), 'A symptom the operator may see.', '`reading: command not found`'),
          solution: field(z.string().min(1), 'How to fix it.', "Add npm's global bin folder to PATH."),
        }),
      ),
      'Known problems and their fixes.',
    ),
  }),
  'Deployment guide, written by DevOps.',
);

export type DeploymentGuide = z.infer<typeof deploymentGuideSchema>;
