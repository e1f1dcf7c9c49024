import type { DeploymentGuide, Review, UserDocs } from '../../../src/documents/index.js';
import { bookmarksLineOf } from './bookmarks-api-tasks.js';

export const bookmarksApiReview: Review = {
  verdict: 'approve',
  summary:
    'Small, typed and faithful to the design and the API spec: bookmarks.ts owns validation and the store, server.ts maps every failure to the status code the spec names, and no runtime dependency crept in. Untrusted JSON goes through validateBookmarkInput, never a cast. The 16 tests start a real server on port 0 and exercise every route and status code, plus each validation rule directly. Two minor points below; neither blocks shipping.',
  comments: [
    {
      file: 'src/bookmarks.ts',
      line: bookmarksLineOf('src/bookmarks.ts', 'export function createBookmarkStore('),
      severity: 'minor',
      comment: 'Bookmarks live in memory only, so a restart empties the collection. The PRD puts persistence in a later increment, but an operator should know before relying on it.',
      suggestion: 'Say it in the README (it does) and plan a JSON-file or SQLite store behind the same BookmarkStore interface.',
    },
    {
      file: 'src/server.ts',
      line: bookmarksLineOf('src/server.ts', "if (!/^application\\/json\\b/i.test(req.headers['content-type'] ?? ''))"),
      severity: 'minor',
      comment: 'The 415 check runs before the size check, so a huge body with the wrong content type is refused without being read, which is good; but the 413 is only found while reading, after up to 64 KiB was buffered.',
      suggestion: 'Refuse early when Content-Length already exceeds MAX_BODY_BYTES.',
    },
  ],
};

export const bookmarksApiDeploymentGuide: DeploymentGuide = {
  overview:
    'bookmarks-api is a Node.js HTTP service with no runtime dependencies. It is deployed by building it once (TypeScript to dist/) and running `node dist/main.js` under a process supervisor (systemd here), behind a reverse proxy when it must be reachable from other machines. It keeps its data in memory.',
  prerequisites: ['Node.js 20 or newer (`node --version`)', 'npm, which ships with Node.js', 'git, to fetch the source', 'systemd, or another supervisor that restarts the service'],
  environment_variables: [
    { name: 'PORT', description: 'TCP port to listen on. Defaults to 3000.', required: false },
    { name: 'HOST', description: 'Address to listen on. Defaults to 127.0.0.1 (this machine only); 0.0.0.0 listens on every interface.', required: false },
  ],
  steps: [
    { title: 'Fetch the source', commands: ['git clone <repository-url> bookmarks-api', 'cd bookmarks-api'] },
    {
      title: 'Install exactly what the lockfile pins, without package scripts',
      commands: ['npm ci --ignore-scripts'],
      notes: 'Only build and test tools are installed (typescript, vitest, @types/node); the service needs none of them at run time.',
    },
    { title: 'Build and test', commands: ['npm run build', 'npm test', 'npm run smoke'], notes: 'The smoke script starts the built service on a free port, calls GET /health and exits 0 when it answers.' },
    {
      title: 'Run it under systemd',
      commands: [
        "sudo tee /etc/systemd/system/bookmarks-api.service <<'UNIT'\n[Unit]\nDescription=Bookmarks API\n\n[Service]\nWorkingDirectory=/opt/bookmarks-api\nExecStart=/usr/bin/node dist/main.js\nEnvironment=PORT=3000\nRestart=on-failure\nDynamicUser=yes\n\n[Install]\nWantedBy=multi-user.target\nUNIT",
        'sudo systemctl daemon-reload',
        'sudo systemctl enable --now bookmarks-api',
      ],
      notes: 'Copy the checkout (with dist/) to /opt/bookmarks-api first. DynamicUser runs it as an unprivileged user of its own.',
    },
  ],
  verification: '`curl -s localhost:3000/health` prints {"status":"ok"}; `systemctl status bookmarks-api` shows it active, and its log starts with "Bookmarks API listening on http://127.0.0.1:3000".',
  troubleshooting: [
    { problem: '`Error: listen EADDRINUSE: address already in use 127.0.0.1:3000`', solution: 'Another process holds the port: stop it, or set PORT to a free one.' },
    { problem: '`npm ci` says the lockfile and package.json are out of sync', solution: 'Someone edited package.json without updating the lockfile: run `npm install` once on a development machine and commit package-lock.json.' },
    { problem: 'Every POST answers 415', solution: 'The client does not send `content-type: application/json`; add the header.' },
    { problem: 'The bookmarks are gone after a restart', solution: 'This version keeps them in memory only, as the README says; a persistent store is planned.' },
  ],
};

export const bookmarksApiUserDocs: UserDocs = {
  title: 'bookmarks-api: your bookmarks over HTTP',
  overview:
    'bookmarks-api keeps a collection of bookmarks that any tool speaking HTTP and JSON can use: save a link with a title and tags, list them (all, or those with a tag), and delete the ones you no longer need. Mistakes are answered with a 400 that lists what is wrong. It runs with Node.js 20 and keeps the bookmarks in memory.',
  installation: '```sh\ngit clone <repository-url> bookmarks-api\ncd bookmarks-api\nnpm ci\nnpm run build\nnpm start\n```\n\nIt listens on http://127.0.0.1:3000; `curl localhost:3000/health` answers `{"status":"ok"}`.',
  usage: [
    {
      title: 'Save a bookmark',
      description: 'POST a JSON object with `url` (http or https), `title` and optional `tags`. The answer is 201 with the bookmark, its `id` and `createdAt`, and a Location header.',
      commands: ['curl -s -X POST localhost:3000/bookmarks -H \'content-type: application/json\' -d \'{"url":"https://nodejs.org","title":"Node.js","tags":["runtime"]}\''],
    },
    {
      title: 'List your bookmarks',
      description: 'GET /bookmarks answers every bookmark in the order you saved them; add `?tag=<word>` to keep those with that tag (case does not matter).',
      commands: ['curl -s localhost:3000/bookmarks', "curl -s 'localhost:3000/bookmarks?tag=runtime'"],
    },
    {
      title: 'Delete a bookmark',
      description: 'DELETE /bookmarks/<id> answers 204; an id that does not exist answers 404. Ids are never reused.',
      commands: ['curl -s -X DELETE localhost:3000/bookmarks/1 -o /dev/null -w "%{http_code}\\n"'],
    },
    {
      title: 'Understand an error',
      description: 'Errors are `{"error": "...", "details": [...]}`: 400 for a body that is not JSON or not a valid bookmark (details lists each problem), 409 for a url already saved, 413 for a body over 64 KiB, 415 without the JSON content type, 404 for an unknown id.',
      commands: ['curl -s -X POST localhost:3000/bookmarks -H \'content-type: application/json\' -d \'{"url":"ftp://x","title":""}\''],
    },
  ],
  configuration: 'Two environment variables: `PORT` (default 3000) and `HOST` (default 127.0.0.1, this machine only). For example `PORT=8080 HOST=0.0.0.0 npm start`.',
  faq: [
    { question: 'Where are my bookmarks stored?', answer: 'In the memory of the running service: they are gone when it stops. A persistent store is planned.' },
    { question: 'Why is my POST answered 415?', answer: 'Send the header `content-type: application/json` with the body.' },
    { question: 'Can two bookmarks have the same url?', answer: 'No: the second one is answered 409 with the id of the bookmark that already has it.' },
  ],
};
