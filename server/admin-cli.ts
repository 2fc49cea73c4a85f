import { userInfo } from 'node:os';
import { grantInstanceAdmin, listInstanceAdmins, revokeInstanceAdmin } from '../identity/instance-admins.js';
import { loadConfig } from '../platform/config.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase } from '../platform/db/open-database.js';
import { createLogger } from '../platform/logger.js';

/**
 * `npm run admin -- grant <email>`, `… revoke <email>`, `… list`: instance admins, against the
 * configured database. Only from here: whoever can run this already runs the installation.
 * The person must have signed in once (their account exists).
 */
const [command, email] = process.argv.slice(2);
const config = loadConfig();
const db = await openDatabase(config.database, createLogger({ log: { level: 'warn', format: 'json' } }));
try {
  await migrate(db);
  switch (command) {
    case 'grant':
      if (!email) throw new Error('usage: admin grant <email>');
      if (!(await grantInstanceAdmin(db, email, `cli:${userInfo().username}`))) throw new Error(`No account for ${email} (they sign in once first), or already an instance admin.`);
      process.stdout.write(`${email} is an instance admin\n`);
      break;
    case 'revoke':
      if (!email) throw new Error('usage: admin revoke <email>');
      process.stdout.write((await revokeInstanceAdmin(db, email)) ? `${email} is no longer an instance admin\n` : `${email} was not an instance admin\n`);
      break;
    case 'list':
      for (const admin of await listInstanceAdmins(db)) process.stdout.write(`${admin.email}\t${admin.grantedAt.toISOString()}\t${admin.grantedBy}\n`);
      break;
    default:
      throw new Error('usage: admin grant <email> | revoke <email> | list');
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
