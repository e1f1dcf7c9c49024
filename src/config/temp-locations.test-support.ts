import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { packageRoot } from './builtin-dirs.js';
import type { ConfigLocations } from './config-locations.js';

/** Real built-in roles and workflows, with empty user and project layers in a temporary folder. */
export async function tempLocations(): Promise<ConfigLocations> {
  const root = await mkdtemp(join(tmpdir(), 'atelier-layers-'));
  const projectDir = join(root, 'project');
  return { packageRoot: packageRoot(), userConfigDir: join(root, 'user'), projectDir, projectStateDir: join(projectDir, '.atelier') };
}

export async function put(file: string, text: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

export const AUDITOR = 'name: Auditor\ndescription: audits\nsystem_prompt: |\n  You audit.\n';
