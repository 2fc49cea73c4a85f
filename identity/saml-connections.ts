import { z } from 'zod';
import type { Queryable } from '../platform/db/database.js';

/** An organisation's SAML identity provider; people whose email is in `emailDomain` sign in through it. */
export interface SamlConnection {
  id: string;
  emailDomain: string;
  entryPoint: string;
  idpCertificate: string;
  idpIssuer: string | null;
}

export const samlConnectionInput = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1–64 lowercase letters, digits or "-"'),
  emailDomain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as acme.com'),
  entryPoint: z.url({ protocol: /^https?$/, error: 'must be the IdP single sign-on URL' }),
  idpCertificate: z.string().trim().min(100, 'must be the IdP signing certificate (PEM or base64)'),
  idpIssuer: z.string().trim().min(1).nullable().default(null),
});

interface Row {
  id: string;
  email_domain: string;
  entry_point: string;
  idp_certificate: string;
  idp_issuer: string | null;
}

const COLUMNS = 'id, email_domain, entry_point, idp_certificate, idp_issuer';

function toConnection(row: Row): SamlConnection {
  return { id: row.id, emailDomain: row.email_domain, entryPoint: row.entry_point, idpCertificate: row.idp_certificate, idpIssuer: row.idp_issuer };
}

/** Adds a connection; fails (unique violation) if its id or email domain is taken. */
export async function createSamlConnection(db: Queryable, input: z.input<typeof samlConnectionInput>): Promise<SamlConnection> {
  const c = samlConnectionInput.parse(input);
  const { rows } = await db.query<Row>(
    `INSERT INTO saml_connections (id, email_domain, entry_point, idp_certificate, idp_issuer) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [c.id, c.emailDomain, c.entryPoint, c.idpCertificate, c.idpIssuer],
  );
  return toConnection(rows[0]!);
}

/** Adds a connection or replaces the one with this id (e.g. to rotate the IdP certificate). */
export async function saveSamlConnection(db: Queryable, input: z.input<typeof samlConnectionInput>): Promise<SamlConnection> {
  const c = samlConnectionInput.parse(input);
  const { rows } = await db.query<Row>(
    `INSERT INTO saml_connections (id, email_domain, entry_point, idp_certificate, idp_issuer) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET email_domain = $2, entry_point = $3, idp_certificate = $4, idp_issuer = $5
     RETURNING ${COLUMNS}`,
    [c.id, c.emailDomain, c.entryPoint, c.idpCertificate, c.idpIssuer],
  );
  return toConnection(rows[0]!);
}

export async function getSamlConnection(db: Queryable, id: string): Promise<SamlConnection | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM saml_connections WHERE id = $1`, [id]);
  return rows[0] ? toConnection(rows[0]) : null;
}

export async function findSamlConnectionByEmail(db: Queryable, email: string): Promise<SamlConnection | null> {
  const domain = email.split('@')[1]?.toLowerCase();
  if (!domain) return null;
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM saml_connections WHERE email_domain = $1`, [domain]);
  return rows[0] ? toConnection(rows[0]) : null;
}

export async function listSamlConnections(db: Queryable): Promise<SamlConnection[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM saml_connections ORDER BY id`);
  return rows.map(toConnection);
}

export async function deleteSamlConnection(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM saml_connections WHERE id = $1', [id])).rowCount > 0;
}
