import path from 'node:path';
import { writeOutsideProbe } from './write-outside-workspace.js';

export const noWriteThroughSymlinkProbe = writeOutsideProbe('write-symlink', 'write outside the workspace through a symlink', (ctx) => ({
  inside: path.join('link-out', 'escaped-symlink.txt'),
  onHost: path.join(ctx.outside, 'escaped-symlink.txt'),
  link: ctx.outside,
}));
