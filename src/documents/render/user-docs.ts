import type { UserDocs } from '../schemas/user-docs.js';
import { codeBlock, heading, section } from './markdown.js';

export function renderUserDocs(docs: UserDocs): string[] {
  const usage = docs.usage
    .map((topic) => {
      const parts = [heading(3, topic.title), topic.description.trim()];
      if (topic.commands.length > 0) parts.push(codeBlock(topic.commands.join('\n'), 'sh'));
      return parts.join('\n\n');
    })
    .join('\n\n');
  const faq = docs.faq.map((entry) => `${heading(3, entry.question)}\n\n${entry.answer.trim()}`).join('\n\n');
  return [
    section('Overview', docs.overview),
    section('Installation', docs.installation),
    section('Usage', usage),
    section('Configuration', docs.configuration),
    section('FAQ', faq),
  ];
}
