// Runs one workflow of this stub on the OpenFn runtime, on this machine.
//
//   npm install
//   node --experimental-vm-modules --no-warnings run.mjs workflows/<id>/workflow.json [--state FILE]
//
// --state FILE    the run's input state (JSON), e.g. the workflow's input.example.json
// --modules DIR   where @openfn/runtime and the adaptors are installed
//                 (default: ./node_modules next to this file; also OPENFN_MODULES)
// --timeout MS    stop a run that takes longer (default 60000)
// --jsonl         read one input state per line on stdin, answer one result per line
//                 on stdout; the first line may hold {"credentials": {...}} instead
//                 (this is how `mailroom simulate --engine openfn` drives it)
//
// Credentials: a step's "configuration" names a credential. Its fields come from
// the environment variables that credential-map.json lists for it, never from a
// file in this folder. Job files are already compiled (ES modules exporting their
// operations), so no compiler is needed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// Adaptors print each request with console.log: keep stdout for results only.
for (const level of ['log', 'info', 'debug', 'warn']) console[level] = console.error;

function parseArgs(argv) {
  const args = { workflow: null, state: null, jsonl: false, timeout: 60000,
                 modules: process.env.OPENFN_MODULES || path.join(HERE, 'node_modules') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--state') args.state = argv[++i];
    else if (arg === '--modules') args.modules = argv[++i];
    else if (arg === '--timeout') args.timeout = Number(argv[++i]);
    else if (arg === '--jsonl') args.jsonl = true;
    else if (!args.workflow) args.workflow = arg;
    else throw new Error(`unexpected argument: ${arg}`);
  }
  if (!args.workflow) throw new Error('usage: run.mjs workflows/<id>/workflow.json [--state FILE]');
  return args;
}

async function loadJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

function moduleUrl(modules, name, entry) {
  return pathToFileURL(path.join(modules, name, entry)).href;
}

function adaptorName(specifier) {
  // "@openfn/language-http@7.2.10" -> "@openfn/language-http"
  const at = specifier.lastIndexOf('@');
  return at > 0 ? specifier.slice(0, at) : specifier;
}

async function loadPlan(file) {
  const plan = await loadJson(file);
  const dir = path.dirname(path.resolve(file));
  const adaptors = new Set();
  for (const step of plan.workflow.steps) {
    if (typeof step.expression === 'string' && step.expression.endsWith('.js')) {
      step.expression = await readFile(path.resolve(dir, step.expression), 'utf8');
    }
    for (const adaptor of step.adaptors || []) adaptors.add(adaptorName(adaptor));
    delete step.adaptors; // resolved below, from --modules, not from a repo
  }
  return { plan, adaptors: [...adaptors] };
}

function credentialsFromEnvironment(map) {
  const credentials = {};
  for (const [name, fields] of Object.entries(map)) {
    const credential = {};
    const missing = [];
    for (const [field, variable] of Object.entries(fields)) {
      const value = process.env[variable];
      if (value === undefined) missing.push(variable);
      else credential[field] = value.trim().startsWith('{') ? JSON.parse(value) : value;
    }
    credentials[name] = missing.length ? { missing } : credential;
  }
  return credentials;
}

function withCredentials(plan, credentials) {
  const copy = structuredClone(plan);
  for (const step of copy.workflow.steps) {
    if (typeof step.configuration === 'string') {
      const found = credentials[step.configuration];
      if (!found || found.missing) {
        const names = found ? found.missing.join(', ') : 'the variables credential-map.json lists';
        throw new Error(`the credential ${step.configuration} is not set: set ${names}`);
      }
      step.configuration = found;
    }
  }
  return copy;
}

function quietLogger(createLogger) {
  const sink = {};
  for (const level of ['log', 'info', 'debug', 'warn', 'error', 'success', 'always']) {
    sink[level] = (...parts) => console.error(...parts);
  }
  return createLogger('R', { level: 'info', logger: sink });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { default: run } = await import(moduleUrl(args.modules, '@openfn/runtime', 'dist/index.js'));
  const { default: createLogger } = await import(
    moduleUrl(args.modules, '@openfn/logger', 'dist/index.js'));
  const { plan, adaptors } = await loadPlan(args.workflow);
  const modules = Object.fromEntries(
    adaptors.map(name => [name, { path: path.join(args.modules, name) }]));
  const logger = quietLogger(createLogger);
  let credentials = credentialsFromEnvironment(
    await loadJson(path.join(HERE, 'credential-map.json')).catch(() => ({})));

  async function runOnce(input) {
    const steps = {};
    const notify = (event, payload) => {
      if (event === 'job-complete') steps[payload.jobId] = { ok: true };
      if (event === 'job-error') {
        steps[payload.jobId] = { ok: false, error: String(payload.error?.message || payload.error) };
      }
    };
    try {
      const state = await run(withCredentials(plan, credentials), input, {
        logger, jobLogger: logger, linker: { modules }, callbacks: { notify },
        defaultRunTimeoutMs: args.timeout,
      });
      const failed = Object.values(steps).some(s => !s.ok);
      return { ok: !failed, state: state ?? null, steps };
    } catch (error) {
      return { ok: false, state: null, steps, error: String(error.message || error) };
    }
  }

  if (!args.jsonl) {
    const input = args.state ? await loadJson(args.state) : {};
    withCredentials(plan, credentials); // says which variables are missing before any run
    const result = await runOnce(input);
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return result.ok ? 0 : 1;
  }
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const message = JSON.parse(line);
    if (message.credentials) {
      credentials = message.credentials;
      process.stdout.write(JSON.stringify({ ready: true }) + '\n');
      continue;
    }
    process.stdout.write(JSON.stringify(await runOnce(message.state || {})) + '\n');
  }
  return 0;
}

main().then(
  code => process.exit(code),
  error => {
    console.error(`run.mjs: ${error.message || error}`);
    process.exit(2);
  },
);
