// Times aws-local-stepfunctions 3.0.0 on the benchmark definitions that TransitionsBenchmark runs on the JVM,
// one execution after another on Node's single thread, and prints state transitions per second.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';

const here = dirname(fileURLToPath(import.meta.url));
// The two benchmark machines live beside the JMH benchmark, in ../bench.
const load = (name) => JSON.parse(readFileSync(join(here, '..', 'bench', name), 'utf8'));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

const cases = [
  { name: 'pass-choice-20', transitions: 20 },
  { name: 'map-100', transitions: 101 },
];

async function runFor(machine, input, ms) {
  let executions = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(ms)) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    await machine.run(input).result;
    executions++;
    now = process.hrtime.bigint();
  }
  return { executions, elapsed: Number(now - start) / 1e9 };
}

for (const c of cases) {
  const machine = new StateMachine(load(`${c.name}.asl.json`));
  const input = load(`${c.name}.input.json`);
  await runFor(machine, input, Math.max(1000, (seconds * 1000) / 3)); // warm-up
  const { executions, elapsed } = await runFor(machine, input, seconds * 1000);
  const rate = (executions * c.transitions) / elapsed;
  console.log(`aws-local-stepfunctions 3.0.0 on Node ${process.versions.node}: ${c.name}: `
    + `${Math.round(rate)} transitions/s (${executions} executions in ${elapsed.toFixed(1)} s)`);
}
