import type { SectionedDocument } from '../schemas/sectioned.js';
import type { MarkdownDocument } from '../schemas/markdown.js';

/** The sections a custom "security reviewer" role would declare. */
export const SECTIONED_EXAMPLE_SECTIONS = ['Threat Model', 'Findings', 'Recommendations'] as const;

export const sectionedExample: SectionedDocument = {
  title: 'Security review of the reading list CLI',
  sections: [
    { heading: 'Threat Model', content: 'A single local user; the data file is the only asset. Attackers: other local users, malicious titles (OWASP A03 injection).' },
    { heading: 'Findings', content: '- The data file is created with the default umask, readable by other users.\n- Titles are printed raw: terminal escape sequences pass through.' },
    { heading: 'Recommendations', content: '1. Create the file with mode 0600.\n2. Strip control characters before printing.' },
  ],
};

export const markdownExample: MarkdownDocument = {
  title: 'Release notes for reading 1.0',
  body: '## Highlights\n\n- Add, list and finish books.\n- Data in one JSON file you own.\n\n## Known issues\n\n- No undo for `done`.',
};
