import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { deleteSamlConnection, listSamlConnections, saveSamlConnection } from '../identity/saml-connections.js';
import { loadConfig } from '../platform/config.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase } from '../platform/db/open-database.js';
import { createLogger } from '../platform/logger.js';

/**
 * `npm run saml:connection -- add --id acme --domain acme.com --entry-point https://idp/sso --cert-file idp.pem [--idp-issuer X]`,
 * `… list`, `… remove --id acme`: an organisation's identity provider, against the configured database.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { id: { type: 'string' }, domain: { type: 'string' }, 'entry-point': { type: 'string' }, 'cert-file': { type: 'string' }, 'idp-issuer': { type: 'string' } },
});

const FLAG_OF: Record<string, string> = { emailDomain: 'domain', entryPoint: 'entry-point', idpCertificate: 'cert-file', idpIssuer: 'idp-issuer' };

const config = loadConfig();
const db = await openDatabase(config.database, createLogger({ log: { level: 'warn', format: 'json' } }));
try {
  await migrate(db);
  switch (positionals[0]) {
    case 'add': {
      const saved = await saveSamlConnection(db, {
        id: values.id ?? '',
        emailDomain: values.domain ?? '',
        entryPoint: values['entry-point'] ?? '',
        idpCertificate: values['cert-file'] ? fs.readFileSync(values['cert-file'], 'utf8') : '',
        idpIssuer: values['idp-issuer'] ?? null,
      });
      process.stdout.write(`Saved ${saved.id} for @${saved.emailDomain}: ACS ${config.publicUrl ?? 'PUBLIC_URL'}/auth/saml/callback/${saved.id}\n`);
      break;
    }
    case 'list':
      for (const c of await listSamlConnections(db)) process.stdout.write(`${c.id}\t@${c.emailDomain}\t${c.entryPoint}\n`);
      break;
    case 'remove':
      process.stdout.write((await deleteSamlConnection(db, values.id ?? '')) ? `Removed ${values.id}\n` : `No connection ${values.id}\n`);
      break;
    default:
      throw new Error('usage: saml:connection add|list|remove [--id … --domain … --entry-point … --cert-file … --idp-issuer …]');
  }
} catch (error) {
  const message =
    error instanceof ZodError
      ? error.issues.map((issue) => `--${FLAG_OF[String(issue.path[0])] ?? issue.path.join('.')}: ${issue.message}`).join('\n')
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
