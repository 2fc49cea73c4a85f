import { generateKeyPairSync, randomUUID } from 'node:crypto';
import forge from 'node-forge';
import { SignedXml } from 'xml-crypto';

/** A test identity provider: a key pair and self-signed certificate made here, and signed SAML responses. */
export function createTestIdp(commonName = 'test-idp') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const certificate = forge.pki.certificateToPem(cert);

  return {
    certificate,
    issuer: `https://${commonName}.example/saml`,
    /** A base64 SAMLResponse whose Assertion is signed with this IdP's key. */
    response(options: {
      nameId: string;
      audience: string;
      recipient: string;
      attributes?: Record<string, string>;
      notOnOrAfter?: Date;
      alterAfterSigning?: (xml: string) => string;
    }): string {
      const now = new Date();
      const until = (options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
      const from = new Date(now.getTime() - 60_000).toISOString();
      const attributes = Object.entries(options.attributes ?? {})
        .map(([name, value]) => `<saml:Attribute Name="${name}"><saml:AttributeValue>${value}</saml:AttributeValue></saml:Attribute>`)
        .join('');
      const assertionId = `_${randomUUID()}`;
      const xml =
        `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${now.toISOString()}" Destination="${options.recipient}">` +
        `<saml:Issuer>${this.issuer}</saml:Issuer>` +
        `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
        `<saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${now.toISOString()}">` +
        `<saml:Issuer>${this.issuer}</saml:Issuer>` +
        `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${options.nameId}</saml:NameID>` +
        `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${options.recipient}"/></saml:SubjectConfirmation></saml:Subject>` +
        `<saml:Conditions NotBefore="${from}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${options.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
        `<saml:AuthnStatement AuthnInstant="${now.toISOString()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
        `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
        `</saml:Assertion></samlp:Response>`;
      const signer = new SignedXml({
        privateKey,
        publicCert: certificate,
        canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
        signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      });
      signer.addReference({
        xpath: `//*[@ID='${assertionId}']`,
        transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
        digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      });
      signer.computeSignature(xml, { location: { reference: `//*[@ID='${assertionId}']/*[local-name(.)='Issuer']`, action: 'after' } });
      const signed = options.alterAfterSigning ? options.alterAfterSigning(signer.getSignedXml()) : signer.getSignedXml();
      return Buffer.from(signed).toString('base64');
    },
  };
}
