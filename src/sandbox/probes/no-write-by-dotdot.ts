import path from 'node:path';
import { writeOutsideProbe } from './write-outside-workspace.js';

export const noWriteByDotdotProbe = writeOutsideProbe('write-dotdot', 'write outside the workspace by ..', (ctx) => ({ inside: '../escaped-dotdot.txt', onHost: path.join(ctx.base, 'escaped-dotdot.txt') }));
