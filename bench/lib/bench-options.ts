import { parseArgs } from 'node:util';

/** `npm run bench`'s options and their defaults (usage: bench/run.ts's header, bench/README.md). */
export function benchOptions() {
  return parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      workloads: { type: 'string', default: '1,2,3,4,5,6,7,8,9,10,11' },
      clients: { type: 'string', default: '50,200' },
      'light-clients': { type: 'string', default: '400' },
      'receiver-processes': { type: 'string', default: '2' },
      'long-lived-clients': { type: 'string', default: '50' },
      'past-clients': { type: 'string', default: '2000' },
      seconds: { type: 'string', default: '10' },
      documents: { type: 'string', default: '1000' },
      'merge-clients': { type: 'string', default: '10' },
      'merge-edits': { type: 'string', default: '1000' },
      restarts: { type: 'string', default: '3' },
      'task-watchers': { type: 'string', default: '50' },
      'task-concurrency': { type: 'string', default: '8' },
      'task-cards': { type: 'string', default: '200' },
      'task-boards': { type: 'string', default: '100' },
      'task-cards-per-board': { type: 'string', default: '1000' },
      'event-rate': { type: 'string', default: '1000' },
      'event-writers': { type: 'string', default: '10' },
      'cross-clients': { type: 'string', default: '50' },
      redis: { type: 'string', default: 'redis://127.0.0.1:6379/0' },
      postgres: { type: 'string' },
    },
  }).values;
}
