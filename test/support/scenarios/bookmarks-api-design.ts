import type { ApiSpec, Prd, SystemDesign, TaskPlan } from '../../../src/documents/index.js';

/** The idea the scenario answers; the end-to-end test starts a run with exactly this. */
export const BOOKMARKS_API_IDEA =
  'A bookmarks REST API in TypeScript on node:http: save, list (by tag) and delete bookmarks, with validation errors as 400s and a health endpoint, typed with tsc and tested with vitest';

export const bookmarksApiPrd: Prd = {
  project_name: 'bookmarks_api',
  original_requirements: BOOKMARKS_API_IDEA,
  product_goals: [
    'Save, find and delete bookmarks from any tool that speaks HTTP and JSON',
    'Refuse bad input with a 400 that lists every problem, so a client is fixed in one try',
    'Be safe to operate: a health endpoint, a smoke check, no runtime dependencies',
    'Keep the code typed end to end: tsc checks every file, vitest tests every route',
  ],
  user_stories: [
    'As a developer, I want to save a bookmark with a URL, a title and optional tags through a POST request, so that I can collect links from any tool that speaks HTTP',
    'As a developer, I want to list my bookmarks, optionally only those with a tag, so that I can find a link again',
    'As a developer, I want to delete a bookmark by its id, so that my collection stays tidy',
    'As an API client author, I want invalid input refused with a 400 and the list of what is wrong, so that I can fix my request without guessing',
    'As an operator, I want a health endpoint that answers at once, so that a load balancer or a smoke test can tell that the service is up',
  ],
  competitive_analysis: [
    { name: 'Pinboard', summary: 'Fast, paid bookmarking service with an HTTP API; hosted only, so links leave your network.', reach: 0.45, engagement: 0.75 },
    { name: 'Browser bookmarks', summary: 'Built in and free, but locked to one browser and with no API for scripts.', reach: 0.95, engagement: 0.35 },
    { name: 'Raindrop.io', summary: 'Polished collections and a public API; an account and a cloud service are required.', reach: 0.6, engagement: 0.65 },
    { name: 'A links.md file', summary: 'Zero setup, but no tags, no validation and nothing a program can call.', reach: 0.5, engagement: 0.2 },
  ],
  quadrant_chart: {
    title: 'Reach and engagement of bookmark tools for developers',
    x_axis: { low: 'Low reach', high: 'High reach' },
    y_axis: { low: 'Low engagement', high: 'High engagement' },
    quadrants: ['Leaders', 'Niche favourites', 'Overlooked', 'Widely used, shallow'],
  },
  requirement_analysis:
    'A small self-hosted HTTP service for one user or one team on a trusted network. Bookmarks live in memory for the life of the process (persistence is a later increment); ids are whole numbers that are never reused. Every request body is untrusted JSON: it is parsed, then validated field by field, and every problem is reported at once. The service has no runtime dependencies beyond Node.js 20 (node:http); TypeScript, vitest and the Node types are development dependencies, pinned by a lockfile. Out of scope: authentication, persistence, pagination, full-text search and a web front end.',
  requirement_pool: [
    { id: 'R1', requirement: 'POST /bookmarks with {url, title, tags?} stores a bookmark and answers 201 with it and a Location header.', priority: 'P0' },
    { id: 'R2', requirement: 'GET /bookmarks lists the bookmarks in the order added; ?tag=x keeps those with that tag (case-insensitive).', priority: 'P0' },
    { id: 'R3', requirement: 'GET /bookmarks/:id answers the bookmark; DELETE /bookmarks/:id removes it with 204; an unknown id is 404.', priority: 'P0' },
    { id: 'R4', requirement: 'Invalid input is 400 with {error, details[]}: a non-http(s) or malformed url, a blank or too long title, bad tags, unknown fields, a body that is not JSON.', priority: 'P0' },
    { id: 'R5', requirement: 'A url saved twice is 409; a body not sent as application/json is 415; a body over 64 KiB is 413; a wrong method is 405 with Allow.', priority: 'P1' },
    { id: 'R6', requirement: 'GET /health answers 200 {"status":"ok"}; a smoke script starts the service on a free port, calls it and stops it.', priority: 'P0' },
    { id: 'R7', requirement: 'tsc type-checks the sources and the tests without errors, and vitest runs the tests in a few seconds.', priority: 'P0' },
  ],
  ui_design_draft:
    'An HTTP API, JSON in and out:\n\n```\n$ curl -s -X POST localhost:3000/bookmarks -H "content-type: application/json" \\\n    -d \'{"url":"https://nodejs.org","title":"Node.js","tags":["runtime"]}\'\n{"id":1,"url":"https://nodejs.org/","title":"Node.js","tags":["runtime"],"createdAt":"2025-03-01T10:00:00.000Z"}\n$ curl -s localhost:3000/bookmarks?tag=runtime\n[{"id":1,...}]\n$ curl -s -X DELETE localhost:3000/bookmarks/1 -o /dev/null -w "%{http_code}\\n"\n204\n$ curl -s localhost:3000/health\n{"status":"ok"}\n```\n\nErrors are `{"error": "...", "details": ["..."]}` with the status code that says what kind of mistake it is.',
  open_questions: ['Should a later version keep the bookmarks in a JSON file, or in SQLite?'],
};

const FILE_LIST = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'vitest.config.ts',
  'README.md',
  'src/bookmarks.ts',
  'test/bookmarks.spec.ts',
  'src/server.ts',
  'src/main.ts',
  'src/smoke.ts',
  'test/server.spec.ts',
];

export const bookmarksApiSystemDesign: SystemDesign = {
  implementation_approach:
    'TypeScript on Node 20 with node:http and no runtime dependency. src/bookmarks.ts owns the domain: the Bookmark type, validateBookmarkInput(body: unknown), which turns untrusted JSON into a BookmarkInput or the list of every problem, and createBookmarkStore(), an in-memory store whose ids count up and are never reused. src/server.ts routes requests by method and path (GET /health, GET/POST /bookmarks, GET/DELETE /bookmarks/:id), reads bodies up to 64 KiB, and maps each failure to its status code (400, 404, 405, 409, 413, 415) with a JSON error body. src/main.ts starts it on PORT/HOST; src/smoke.ts starts it on a free port of 127.0.0.1, calls GET /health and stops it, exiting 0 only on 200 {"status":"ok"}. tsc compiles src/ to dist/ (tsconfig.build.json) and type-checks src/ and test/ (tsconfig.json); vitest runs test/*.spec.ts, which start the server on port 0 and call it with fetch.',
  language: 'TypeScript',
  runtime: { name: 'Node.js 20', frameworks: ['node:http', 'TypeScript 5.9', 'vitest 4'] },
  file_list: FILE_LIST,
  data_structures: [
    {
      name: 'Bookmark',
      kind: 'interface',
      attributes: [
        { name: 'id', type: 'number' },
        { name: 'url', type: 'string' },
        { name: 'title', type: 'string' },
        { name: 'tags', type: 'string[]' },
        { name: 'createdAt', type: 'string (ISO 8601)' },
      ],
      methods: [],
      relations: [],
    },
    {
      name: 'BookmarkInput',
      kind: 'interface',
      attributes: [
        { name: 'url', type: 'string' },
        { name: 'title', type: 'string' },
        { name: 'tags', type: 'string[]' },
      ],
      methods: [],
      relations: [],
    },
    {
      name: 'BookmarkStore',
      kind: 'interface',
      attributes: [],
      methods: [
        { name: 'list', params: 'filter?: { tag?: string }', returns: 'Bookmark[]' },
        { name: 'get', params: 'id: number', returns: 'Bookmark | undefined' },
        { name: 'add', params: 'input: BookmarkInput', returns: 'Bookmark' },
        { name: 'remove', params: 'id: number', returns: 'boolean' },
      ],
      relations: [
        { to: 'Bookmark', kind: 'contains' },
        { to: 'BookmarkInput', kind: 'uses' },
        { to: 'DuplicateBookmarkError', kind: 'uses' },
      ],
    },
    {
      name: 'DuplicateBookmarkError',
      kind: 'class',
      attributes: [
        { name: 'url', type: 'string' },
        { name: 'existingId', type: 'number' },
      ],
      methods: [],
      relations: [],
    },
  ],
  call_flow: [
    { from: 'Client', to: 'server.ts', message: 'POST /bookmarks {"url":"https://nodejs.org","title":"Node.js"}' },
    { from: 'server.ts', to: 'bookmarks.ts', message: 'validateBookmarkInput(body)', returns: '{ ok: true, value }' },
    { from: 'server.ts', to: 'BookmarkStore', message: 'add(value)', returns: 'Bookmark { id: 1 }' },
    { from: 'server.ts', to: 'Client', message: '201 with the bookmark and Location: /bookmarks/1' },
    { from: 'Client', to: 'server.ts', message: 'DELETE /bookmarks/1' },
    { from: 'server.ts', to: 'BookmarkStore', message: 'remove(1)', returns: 'true' },
    { from: 'server.ts', to: 'Client', message: '204 No Content' },
  ],
  commands: { install: 'npm ci', build: 'npm run build', test: 'npm test', run: 'node dist/smoke.js' },
  open_questions: [],
};

export const bookmarksApiSpec: ApiSpec = {
  style: 'openapi',
  summary:
    'A JSON API over HTTP for developers and their scripts: create, list (optionally by tag), read and delete bookmarks, and a health check for operators. Errors are JSON `{ error, details? }` with the status code that names the kind of mistake.',
  openapi: {
    openapi: '3.1.0',
    info: { title: 'Bookmarks API', version: '1.0.0' },
    paths: {
      '/health': {
        get: { summary: 'Health check', responses: { '200': { description: '{"status":"ok"}' } } },
      },
      '/bookmarks': {
        get: {
          summary: 'List bookmarks in the order added',
          parameters: [{ name: 'tag', in: 'query', required: false, schema: { type: 'string' }, description: 'Only bookmarks with this tag (case-insensitive)' }],
          responses: { '200': { description: 'An array of bookmarks' } },
        },
        post: {
          summary: 'Save a bookmark',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['url', 'title'],
                  additionalProperties: false,
                  properties: {
                    url: { type: 'string', format: 'uri', description: 'An http or https address' },
                    title: { type: 'string', minLength: 1, maxLength: 200 },
                    tags: { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 30 } },
                  },
                },
              },
            },
          },
          responses: {
            '201': { description: 'The saved bookmark, with a Location header' },
            '400': { description: 'Not JSON, or not a valid bookmark: { error, details[] }' },
            '409': { description: 'The url is already saved' },
            '413': { description: 'The body is larger than 64 KiB' },
            '415': { description: 'The body is not sent as application/json' },
          },
        },
      },
      '/bookmarks/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        get: { summary: 'One bookmark', responses: { '200': { description: 'The bookmark' }, '400': { description: 'The id is not a whole number from 1' }, '404': { description: 'No bookmark with that id' } } },
        delete: { summary: 'Delete a bookmark', responses: { '204': { description: 'Deleted' }, '400': { description: 'The id is not a whole number from 1' }, '404': { description: 'No bookmark with that id' } } },
      },
    },
  },
};

export const bookmarksApiTaskPlan: TaskPlan = {
  required_packages: [
    { name: 'typescript', version: '~5.9.3', dev: true },
    { name: 'vitest', version: '^4.1.12', dev: true },
    { name: '@types/node', version: '^20.19.43', dev: true },
  ],
  tasks: [
    {
      id: 'T1',
      title: 'Set up the TypeScript project: manifest, lockfile, compiler settings and README',
      files: ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'vitest.config.ts', 'README.md'],
      description:
        'package.json: name "bookmarks-api", private, "type": "module", scripts build "tsc -p tsconfig.build.json", start "node dist/main.js", smoke "node dist/smoke.js", test "vitest run", engines.node ">=20", devDependencies typescript ~5.9.3, vitest ^4.1.12, @types/node ^20.19.43 and no runtime dependency; package-lock.json locking them (lockfileVersion 3). tsconfig.json: strict, noUncheckedIndexedAccess, NodeNext modules, types node, noEmit, over src and test; tsconfig.build.json extends it and emits src to dist. vitest.config.ts: include test/**/*.spec.ts, so vitest never takes a config from a folder above the project. README.md: the routes with curl examples, PORT and HOST, the status codes, and the build, test and smoke commands.',
      dependencies: [],
      priority: 'P0',
      type: 'backend',
    },
    {
      id: 'T2',
      title: 'Implement the bookmark type, its validation and the in-memory store, with tests',
      files: ['src/bookmarks.ts', 'test/bookmarks.spec.ts'],
      description:
        'src/bookmarks.ts exports Bookmark, BookmarkInput, Validation, validateBookmarkInput, createBookmarkStore, BookmarkStore, DuplicateBookmarkError and the limits MAX_TITLE_LENGTH (200), MAX_TAGS (10), MAX_TAG_LENGTH (30). validateBookmarkInput(body: unknown) accepts only an object with url (http or https, normalised by URL), title (trimmed, not blank) and optional tags (trimmed, lower-cased, each once), and lists every problem, unknown fields included. The store keeps bookmarks in the order added, ids from 1 never reused, refuses a url saved twice with DuplicateBookmarkError, filters by tag ignoring case and hands out copies. test/bookmarks.spec.ts covers each rule and each store method.',
      dependencies: ['T1'],
      priority: 'P0',
      type: 'backend',
    },
    {
      id: 'T3',
      title: 'Implement the HTTP server, its entry point and the smoke script, with route tests',
      files: ['src/server.ts', 'src/main.ts', 'src/smoke.ts', 'test/server.spec.ts'],
      description:
        'src/server.ts exports createBookmarksServer(store?), listen(server, port = 0, host = "127.0.0.1") resolving to the base URL, stop(server) closing idle keep-alive connections too, parseId and MAX_BODY_BYTES (64 KiB). Routes: GET /health 200 {"status":"ok"}; GET /bookmarks[?tag=]; POST /bookmarks 201 with Location, 400 {error, details} for invalid JSON or input, 409 duplicate, 413 too large, 415 not JSON; GET and DELETE /bookmarks/:id (200 / 204, 400 bad id, 404 unknown); 405 with Allow for a wrong method; 404 elsewhere. src/main.ts listens on PORT (default 3000) and HOST (default 127.0.0.1) and stops on SIGINT/SIGTERM. src/smoke.ts starts the server on a free port, calls GET /health with a 2 s timeout, stops it and exits 0 only on 200 {"status":"ok"}. test/server.spec.ts starts a server per test on port 0 and checks every route and status code with fetch.',
      dependencies: ['T2'],
      priority: 'P0',
      type: 'backend',
    },
  ],
  shared_knowledge:
    'ES modules, TypeScript strict with noUncheckedIndexedAccess; relative imports end in .js (NodeNext), built-ins with the node: prefix, no runtime dependency. Untrusted JSON is parsed, then checked by validateBookmarkInput; nothing trusts a cast. Error bodies are { error: string, details?: string[] }. Tests are vitest files named test/*.spec.ts; each starts its own server on port 0 of 127.0.0.1 and stops it with stop(server), and needs no network beyond the loopback.',
};
