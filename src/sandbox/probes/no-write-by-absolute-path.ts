import path from 'node:path';
import { writeOutsideProbe } from './write-outside-workspace.js';

export const noWriteByAbsolutePathProbe = writeOutsideProbe('write-absolute', 'write outside the workspace by an absolute path', (ctx) => ({
  inside: path.join(ctx.outside, 'escaped-absolute.txt'),
  onHost: path.join(ctx.outside, 'escaped-absolute.txt'),
}));
