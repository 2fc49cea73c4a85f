import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** Paths pino blanks wherever they appear, so a token or password never reaches a log line. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.apiKey',
  // The vault's master keys and what it keeps, should a config or a record ever be logged whole.
  'vault',
  'masterKey',
  'previousMasterKeys',
  'totpSeed',
  'secrets.key',
  'secrets.previousKeys',
  '*.vault',
  '*.masterKey',
  '*.previousMasterKeys',
  '*.totpSeed',
  '*.secrets.key',
  '*.secrets.previousKeys',
];

export function createLogger(config: Pick<Config, 'log'>): Logger {
  const options = { level: config.log.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (config.log.format === 'pretty') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  return pino(options);
}
