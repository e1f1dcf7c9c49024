import type { DeploymentGuide } from '../schemas/deployment-guide.js';

export const deploymentGuideExample: DeploymentGuide = {
  overview: 'The CLI is published to npm as `reading-list-cli` and installed globally by its users.',
  prerequisites: ['Node.js 20 or newer', 'An npm account with publish rights'],
  environment_variables: [
    { name: 'READING_LIST_FILE', description: 'Path of the data file; defaults to ~/.reading-list.json.', required: false },
  ],
  steps: [
    { title: 'Check the build', commands: ['npm ci', 'npm test', 'npm run build'] },
    { title: 'Publish', commands: ['npm version patch', 'npm publish'], notes: 'Run `npm login` first.' },
  ],
  verification: 'On a clean machine run `npm install -g reading-list-cli`, then `reading --version` and `reading list`.',
  troubleshooting: [
    { problem: '`reading: command not found`', solution: "Add npm's global bin folder (`npm prefix -g`/bin) to PATH." },
    { problem: '`EACCES` when saving', solution: 'Point READING_LIST_FILE to a writable location.' },
  ],
};
