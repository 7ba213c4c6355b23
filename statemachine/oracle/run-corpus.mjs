// Runs the ASL conformance corpus through aws-local-stepfunctions 3.0.0 and prints one JSON line per case:
//   {"case": "pass/result.json", "output": ...}                      the execution succeeded
//   {"case": ..., "error": "Name", "cause": "text"}                   the execution failed
//   {"case": ..., "loadError": "message"}                             the constructor refused the definition
//   {"case": ..., "skipped": "reason"}                                the case says "oracle": false
//   {"case": ..., "harnessError": "message"}                          this script could not run the case
// Usage: node run-corpus.mjs [corpusDir] [pathFilter]   (needs Node 22: node_modules/node/bin/node)
//
// Nothing here looks at a case's "expected": the oracle runs blind and the Java IT compares.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StateMachine, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';

const here = fileURLToPath(new URL('.', import.meta.url));
const corpusDir = process.argv[2] || join(here, '..', 'src', 'test', 'resources', 'conformance');
const filter = process.argv[3] ?? '';
// A case that runs longer than this is reported as a harness error instead of hanging the IT.
const CASE_DEADLINE_MS = 30_000;

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?$/;
const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;

function listCases(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...listCases(path));
    else if (name.endsWith('.json')) found.push(path);
  }
  return found;
}

function substitute(definition, substitutions) {
  if (!substitutions) return definition;
  const text = JSON.stringify(definition).replace(/\$\{([^}]+)\}/g, (whole, name) =>
    Object.hasOwn(substitutions, name) ? JSON.stringify(String(substitutions[name])).slice(1, -1) : whole);
  return JSON.parse(text);
}

/** Every state of a machine, with the states of Parallel branches and Map processors, as [name, state]. */
function allStates(machine) {
  const states = [];
  for (const [name, state] of Object.entries(machine?.States ?? {})) {
    states.push([name, state]);
    for (const branch of state.Branches ?? []) states.push(...allStates(branch));
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) states.push(...allStates(processor));
  }
  return states;
}

function functionName(nameOrArn) {
  const match = LAMBDA_FUNCTION_ARN.exec(nameOrArn);
  return match ? match[1] : nameOrArn.split(':')[0];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The case's "functions": each call takes the next step, the last step repeats. */
function makeFunctions(behaviours = {}) {
  const calls = new Map();
  return async function call(name, payload) {
    const steps = behaviours[name];
    if (!steps || steps.length === 0) {
      // Lambda's own error for a function that does not exist.
      const error = new Error(`Function not found: ${name}`);
      error.name = 'Lambda.ResourceNotFoundException';
      throw error;
    }
    const count = calls.get(name) ?? 0;
    calls.set(name, count + 1);
    const step = steps[Math.min(count, steps.length - 1)];
    if (step.sleepSeconds) await sleep(step.sleepSeconds * 1000);
    if (step.throw !== undefined) {
      // A failed Lambda invocation: the error is the errorType, the cause is Lambda's error JSON.
      const error = new Error(JSON.stringify({ errorMessage: step.message ?? '', errorType: step.throw }));
      error.name = step.throw;
      throw error;
    }
    if (step.echo) return structuredClone(payload);
    return structuredClone(step.return ?? null);
  };
}

function overridesFor(definition, functions) {
  const taskResourceLocalHandlers = {};
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  const seen = new Map();
  for (const [name, state] of allStates(definition)) {
    if (state.Retry) retryIntervalOverrides[name] = 0;
    // Literal waits are skipped; SecondsPath/TimestampPath run for real so their evaluation is compared too
    // (the corpus keeps those to at most a second or a timestamp in the past).
    if (state.Type === 'Wait' && (state.Seconds !== undefined || state.Timestamp !== undefined)) {
      waitTimeOverrides[name] = 0;
    }
    if (state.Type !== 'Task') continue;
    const resource = state.Resource;
    if (seen.has(name) && seen.get(name) !== resource) {
      throw new Error(`two Task states named ${name} with different resources; overrides are by state name`);
    }
    seen.set(name, resource);
    const arn = LAMBDA_FUNCTION_ARN.exec(resource ?? '');
    if (arn) {
      taskResourceLocalHandlers[name] = (input) => functions(arn[1], input);
    } else if (LAMBDA_INVOKE.test(resource ?? '')) {
      taskResourceLocalHandlers[name] = async (input) => {
        if (typeof input?.FunctionName !== 'string') {
          const error = new Error('FunctionName is required by lambda:invoke');
          error.name = 'States.Runtime';
          throw error;
        }
        const payload = await functions(functionName(input.FunctionName), input.Payload ?? {});
        // The shape of the optimised integration's result; the corpus reads only Payload and StatusCode.
        return {
          ExecutedVersion: '$LATEST',
          Payload: payload,
          SdkHttpMetadata: { HttpStatusCode: 200 },
          SdkResponseMetadata: { RequestId: '00000000-0000-0000-0000-000000000000' },
          StatusCode: 200,
        };
      };
    } else {
      throw new Error(`Task ${name}: no local behaviour for resource ${resource}; mark the case "oracle": false`);
    }
  }
  return { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides };
}

function contextFor(testCase) {
  if (!testCase.context) return undefined;
  // The package sets Execution.Input and Execution.StartTime itself; only the name can be fixed.
  const execution = {};
  if (testCase.context.executionName !== undefined) execution.Name = testCase.context.executionName;
  return { Execution: execution };
}

async function runCase(path) {
  const caseName = relative(corpusDir, path).split(sep).join('/');
  let testCase;
  try {
    testCase = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { case: caseName, harnessError: `unreadable case file: ${e.message}` };
  }
  if (testCase.oracle === false) return { case: caseName, skipped: testCase.oracleSkip ?? 'oracle: false' };

  const definition = substitute(testCase.definition, testCase.substitutions);
  let machine;
  try {
    machine = new StateMachine(definition);
  } catch (e) {
    return { case: caseName, loadError: e.message };
  }
  let overrides;
  try {
    overrides = overridesFor(definition, makeFunctions(testCase.functions));
  } catch (e) {
    return { case: caseName, harnessError: e.message };
  }
  const execution = machine.run(testCase.input ?? {}, { overrides, context: contextFor(testCase) });
  let timer;
  const deadline = new Promise((resolve) => {
    timer = setTimeout(() => {
      execution.abort();
      resolve({ case: caseName, harnessError: `no result within ${CASE_DEADLINE_MS} ms` });
    }, CASE_DEADLINE_MS);
  });
  const outcome = execution.result.then(
    (output) => ({ case: caseName, output: output === undefined ? null : output }),
    (e) => {
      if (e instanceof ExecutionTimeoutError) {
        // The package's way of saying the execution timed out; AWS reports that as States.Timeout.
        return { case: caseName, error: 'States.Timeout', cause: e.message };
      }
      if (e instanceof ExecutionError && e.cause instanceof Error) {
        return { case: caseName, error: e.cause.name, cause: e.cause.message };
      }
      return { case: caseName, harnessError: `unexpected failure: ${e?.stack ?? e}` };
    });
  try {
    return await Promise.race([outcome, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const files = listCases(corpusDir)
  .filter((path) => relative(corpusDir, path).split(sep).join('/').includes(filter));
// Cases are independent; a few at a time keeps the real-time ones (timeouts) from adding up while each case's
// deadline still measures that case rather than the whole run.
const CONCURRENCY = 8;
const results = new Array(files.length);
let next = 0;
async function worker() {
  while (next < files.length) {
    const index = next++;
    results[index] = await runCase(files[index]).catch((e) => ({
      case: relative(corpusDir, files[index]).split(sep).join('/'),
      harnessError: `runner failure: ${e?.stack ?? e}`,
    }));
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
for (const result of results) process.stdout.write(JSON.stringify(result) + '\n');
