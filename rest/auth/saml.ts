import express, { type Request, type Response, Router } from 'express';
import passport from 'passport';
import { MultiSamlStrategy, type Profile, ValidateInResponseTo, type VerifiedCallback } from '@node-saml/passport-saml';
import { z } from 'zod';
import { type SamlConnection, findSamlConnectionByEmail, getSamlConnection } from '../../identity/saml-connections.js';
import type { ExternalIdentity } from '../../identity/users.js';
import { AppError } from '../../platform/app-error.js';
import type { RestDependencies } from '../dependencies.js';
import { isStorableText, userText } from '../text.js';
import { parse } from '../validate.js';
import { email } from './schemas.js';
import { runPassport } from './run-passport.js';
import { signInAndRespond } from './sign-in.js';

const STRATEGY = 'saml';
export const samlLoginBody = z.union([z.object({ email }).strict(), z.object({ connection: userText().min(1).max(64) }).strict()]);

/** The connection a request concerns, looked up before passport asks for its options. */
const connectionOf = new WeakMap<object, SamlConnection>();

function stringAttribute(profile: Profile, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = profile[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

const CLOCK_SKEW_MS = 5_000;

interface XmlNode {
  $?: Record<string, string | undefined>;
  [child: string]: unknown;
}

/**
 * node-saml checks a bearer SubjectConfirmation's Recipient and time window only together with
 * InResponseTo, which we do not check (see below); so we require, in the signed assertion, one
 * bearer confirmation addressed to this connection's ACS URL and valid now.
 */
function confirmsBearerFor(profile: Profile, acsUrl: string, nowMs = Date.now()): boolean {
  const assertion = (profile.getAssertion?.() as { Assertion?: { Subject?: { SubjectConfirmation?: XmlNode[] }[] } } | undefined)?.Assertion;
  return (assertion?.Subject?.[0]?.SubjectConfirmation ?? []).some((confirmation) => {
    const data = (confirmation.SubjectConfirmationData as XmlNode[] | undefined)?.[0]?.$;
    if (confirmation.$?.Method !== 'urn:oasis:names:tc:SAML:2.0:cm:bearer' || !data || data.Recipient !== acsUrl) return false;
    const notBefore = data.NotBefore ? Date.parse(data.NotBefore) : -Infinity;
    const notOnOrAfter = data.NotOnOrAfter ? Date.parse(data.NotOnOrAfter) : NaN; // required for bearer; absent → refused
    return nowMs + CLOCK_SKEW_MS >= notBefore && nowMs - CLOCK_SKEW_MS < notOnOrAfter;
  });
}

/** The IdP vouches only for its own organisation's addresses; an email of another domain counts as unverified. */
function toIdentity(connection: SamlConnection, profile: Profile): ExternalIdentity {
  const mail = stringAttribute(profile, 'email', 'mail', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress') ?? (profile.nameID.includes('@') ? profile.nameID : undefined);
  if (!mail) throw new AppError('UNAUTHORIZED', 'The identity provider did not send an email address.');
  const given = stringAttribute(profile, 'givenName', 'firstName');
  const family = stringAttribute(profile, 'surname', 'sn', 'lastName');
  return {
    provider: 'saml',
    subject: `${connection.id}:${profile.nameID}`,
    email: mail,
    emailVerified: mail.split('@')[1]?.toLowerCase() === connection.emailDomain,
    name: stringAttribute(profile, 'name', 'displayName') ?? ([given, family].filter(Boolean).join(' ') || undefined),
  };
}

/** Enterprise sign-in through each organisation's own SAML identity provider (`@node-saml/passport-saml`). */
export function samlRouter(deps: RestDependencies): Router {
  const router = Router();
  const authenticator = new passport.Passport();
  const spEntityId = (id: string) => `${deps.publicUrl()}/auth/saml/metadata/${id}`;
  const acsUrl = (id: string) => `${deps.publicUrl()}/auth/saml/callback/${id}`;
  authenticator.use(
    STRATEGY,
    new MultiSamlStrategy(
      {
        passReqToCallback: true,
        getSamlOptions(req, done) {
          const connection = connectionOf.get(req);
          if (!connection) return done(new AppError('NOT_FOUND', 'No such SAML connection.'));
          done(null, {
            entryPoint: connection.entryPoint,
            idpCert: connection.idpCertificate,
            ...(connection.idpIssuer ? { idpIssuer: connection.idpIssuer } : {}),
            issuer: spEntityId(connection.id),
            audience: spEntityId(connection.id),
            callbackUrl: acsUrl(connection.id),
            wantAssertionsSigned: true,
            wantAuthnResponseSigned: false,
            acceptedClockSkewMs: CLOCK_SKEW_MS,
            // Known limit: request ids are not remembered between login and callback (no server session), so
            // InResponseTo is not checked and IdP-initiated responses are accepted. The assertion's signature,
            // issuer (when configured), audience and validity window are checked by node-saml; the bearer
            // confirmation's Recipient and window by `confirmsBearerFor`. Replay within the window is possible.
            validateInResponseTo: ValidateInResponseTo.never,
          });
        },
      },
      (req: object, profile: Profile | null, done: VerifiedCallback) => {
        try {
          if (!profile) throw new AppError('UNAUTHORIZED', 'The identity provider sent no profile.');
          const connection = connectionOf.get(req)!;
          if (!confirmsBearerFor(profile, acsUrl(connection.id))) {
            throw new AppError('UNAUTHORIZED', 'SAML sign-in failed: the assertion is not addressed to this sign-in URL or has expired.');
          }
          done(null, { identity: toIdentity(connection, profile) });
        } catch (error) {
          done(error as Error);
        }
      },
      (_req: object, _profile: Profile | null, done: VerifiedCallback) => done(null, {}),
    ) as unknown as passport.Strategy,
    // passport-saml is typed against Express 4's Request; at run time it is the same object.
  );

  const authenticate = (req: Request, res: Response) => runPassport(authenticator, STRATEGY, {}, req, res, 'SAML');

  async function loadConnection(req: Request, id: string): Promise<SamlConnection> {
    // An id from the URL that could never be stored (NUL, lone surrogate) is simply not found.
    const connection = isStorableText(id) ? await getSamlConnection(deps.db, id) : null;
    if (!connection) throw new AppError('NOT_FOUND', 'No such SAML connection.');
    connectionOf.set(req, connection);
    return connection;
  }

  router.use('/saml', express.urlencoded({ extended: false, limit: '1mb' }));

  router.post('/saml/login', async (req, res) => {
    const input = parse(samlLoginBody, req.body);
    const connection = 'email' in input ? await findSamlConnectionByEmail(deps.db, input.email) : await getSamlConnection(deps.db, input.connection);
    if (!connection) throw new AppError('NOT_FOUND', 'No single sign-on is configured for this organisation.');
    connectionOf.set(req, connection);
    await authenticate(req, res);
  });

  router.post('/saml/callback/:connectionId', async (req, res) => {
    await loadConnection(req, String(req.params.connectionId));
    if (typeof req.body?.SAMLResponse !== 'string') throw new AppError('UNAUTHORIZED', 'The SAMLResponse form field is missing.');
    const identity = await authenticate(req, res);
    if (identity) await signInAndRespond(deps, req, res, identity);
  });

  router.get('/saml/metadata/:connectionId', async (req, res) => {
    const connection = await loadConnection(req, String(req.params.connectionId));
    const strategy = new MultiSamlStrategy(
      { getSamlOptions: (_r, done) => done(null, { idpCert: connection.idpCertificate, issuer: spEntityId(connection.id), callbackUrl: acsUrl(connection.id) }) },
      (_p: Profile | null, done: VerifiedCallback) => done(null, {}),
      (_p: Profile | null, done: VerifiedCallback) => done(null, {}),
    );
    const metadata = await new Promise<string>((resolve, reject) =>
      strategy.generateServiceProviderMetadata(req as unknown as Parameters<typeof strategy.generateServiceProviderMetadata>[0], null, null, (error, xml) => (error || !xml ? reject(error ?? new Error('no metadata')) : resolve(xml))),
    );
    res.type('application/samlmetadata+xml').send(metadata);
  });

  return router;
}
