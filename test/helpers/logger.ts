import { pino } from 'pino';

/** Tests assert on behaviour, not on log lines; LOG_LEVEL=debug npm test shows them when needed. */
// eslint-disable-next-line no-restricted-properties -- tests may read the environment directly
export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
