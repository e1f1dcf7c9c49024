import * as z from 'zod';
import { field, findDuplicates, normalizeProjectPath, openQuestionsField, relativePathSchema } from './fields.js';

const attributeSchema = z.object({
  name: field(z.string().min(1), 'Attribute name.', 'title'),
  type: field(z.string().min(1), 'Attribute type in the project language.', 'string'),
});

const methodSchema = z.object({
  name: field(z.string().min(1), 'Method name.', 'add'),
  params: field(z.string(), 'Parameter list as written in the language, without parentheses; empty when none.', 'book: NewBook'),
  returns: field(z.string().min(1), 'Return type; "void" when nothing.', 'Book'),
});

export const RELATION_KINDS = ['inherits', 'implements', 'uses', 'contains'] as const;

const relationSchema = z.object({
  to: field(z.string().min(1), 'Name of the other class, interface or type.', 'BookStore'),
  kind: field(z.enum(RELATION_KINDS), 'inherits (extends), implements, uses (depends on) or contains (owns).', 'uses'),
});

const dataStructureSchema = z.object({
  name: field(z.string().min(1), 'Class, interface or type name as written in code.', 'ReadingList'),
  kind: field(z.enum(['class', 'interface', 'type']), 'class, interface or type.', 'class'),
  attributes: field(z.array(attributeSchema), 'Fields or properties; an empty list when none.'),
  methods: field(z.array(methodSchema), 'Public methods or functions; an empty list when none.'),
  relations: field(z.array(relationSchema), 'How this structure relates to the others; an empty list when none.'),
});

const callSchema = z.object({
  from: field(z.string().min(1), 'Participant that sends the call (a user, a module or a class).', 'CLI'),
  to: field(z.string().min(1), 'Participant that receives the call.', 'ReadingList'),
  message: field(z.string().min(1), 'What is called or sent.', 'add(title, author)'),
  returns: field(z.string().min(1).optional(), 'What comes back, when something does.', 'Book'),
});

export const systemDesignSchema = field(
  z
    .object({
      implementation_approach: field(
        z.string().min(1),
        'How the system will be built: the hard parts, the libraries chosen for them, and why.',
        'A commander CLI over a small JSON-file store; pure functions for list logic so they test without I/O.',
      ),
      language: field(z.string().min(1), 'Main programming language.', 'TypeScript'),
      runtime: field(
        z.object({
          name: field(z.string().min(1), 'Runtime and version.', 'Node.js 20'),
          frameworks: field(z.array(z.string().min(1)), 'Frameworks and main libraries used.', ['commander', 'vitest']),
        }),
        'The runtime the project runs on and its frameworks.',
      ),
      file_list: field(
        z.array(relativePathSchema).min(1),
        'Every file the project needs, as paths relative to the project root, each listed once.',
        ['package.json', 'src/cli.ts', 'src/reading-list.ts'],
      ),
      data_structures: field(
        z.array(dataStructureSchema),
        'Classes, interfaces and types with their attributes, methods and relations (drawn as a class diagram); each name declared once.',
      ),
      call_flow: field(
        z.array(callSchema),
        'The main calls in order, from the user through the modules (drawn as a sequence diagram).',
      ),
      commands: field(
        z.object({
          install: field(z.string().min(1).optional(), 'Command that installs dependencies.', 'npm install'),
          build: field(z.string().min(1).optional(), 'Command that builds the project, when it needs building.', 'npm run build'),
          test: field(z.string().min(1), 'Command that runs the tests; exits non-zero when a test fails.', 'npm test'),
          run: field(
            z.string().min(1).optional(),
            'Command that runs the program briefly from the checkout, exiting by itself. Leave it out for a page opened in a browser (index.html): QA opens that page in headless Chromium instead.',
            'node dist/cli.js list',
          ),
        }),
        'Shell commands to install, build, test and run the project from its root.',
      ),
      open_questions: openQuestionsField('Should the data file location be configurable?'),
    })
    .superRefine((design, ctx) => {
      for (const path of findDuplicates(design.file_list.map(normalizeProjectPath))) {
        ctx.addIssue({ code: 'custom', path: ['file_list'], message: `file "${path}" is listed twice in file_list` });
      }
      for (const name of findDuplicates(design.data_structures.map((d) => d.name))) {
        ctx.addIssue({ code: 'custom', path: ['data_structures'], message: `data structure "${name}" is declared twice` });
      }
    }),
  'System design: how the product is built, written by the architect.',
);

export type SystemDesign = z.infer<typeof systemDesignSchema>;
export type DataStructure = SystemDesign['data_structures'][number];
export type Call = SystemDesign['call_flow'][number];
export type RelationKind = (typeof RELATION_KINDS)[number];
