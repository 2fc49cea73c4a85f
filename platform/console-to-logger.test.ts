import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { routeConsoleToLogger } from './console-to-logger.js';

describe('console output in the server process', () => {
  const original = { error: console.error, warn: console.warn, info: console.info, log: console.log, debug: console.debug };
  afterEach(() => Object.assign(console, original));

  it('goes through pino as structured lines with their level', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    routeConsoleToLogger(pino({ level: 'debug' }, sink));
    console.error('Caught error in extension %s: %d', 'persistence', 42);
    console.warn({ detail: 'an object' });
    console.log('plain');
    Object.assign(console, original);
    expect(lines.map((line) => [line.level, line.msg, line.source])).toEqual([
      [50, 'Caught error in extension persistence: 42', 'console'],
      [40, "{ detail: 'an object' }", 'console'],
      [30, 'plain', 'console'],
    ]);
  });
});
