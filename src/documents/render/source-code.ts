import type { SourceCode } from '../schemas/source-code.js';
import { inlineCode, section, table } from './markdown.js';

export function renderSourceCode(code: SourceCode): string[] {
  const totalBytes = code.files.reduce((sum, file) => sum + file.bytes, 0);
  return [
    section('Summary', code.summary),
    section(
      'Files',
      code.files.length === 0
        ? ''
        : `${table(
            ['Path', 'Task', 'Bytes', 'Description'],
            code.files.map((f) => [inlineCode(f.path), f.task_id, String(f.bytes), f.description]),
          )}\n\n${code.files.length} file(s), ${totalBytes} bytes in total.`,
    ),
  ];
}
