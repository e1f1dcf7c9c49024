import type { SourceCode } from '../schemas/source-code.js';
import { documentFileName } from '../document-file-name.js';
import { inlineCode, section, table } from './markdown.js';

export function renderSourceCode(code: SourceCode): string[] {
  const totalBytes = code.files.reduce((sum, file) => sum + file.bytes, 0);
  const reviews = code.reviews ?? [];
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
    ...(reviews.length === 0
      ? []
      : [
          section(
            'Reviews',
            table(
              ['Task', 'Verdict', 'Rounds', 'Review'],
              reviews.map((r) => [r.task_id, r.verdict === 'approve' ? 'approved' : 'changes requested', String(r.rounds), inlineCode(documentFileName(r.document))]),
            ),
          ),
        ]),
  ];
}
