import { describe, expect, it } from 'vitest';
import { type UrlPolicy, isPrivateAddress } from '../operations/integrations/destination-url.js';
import { checkIntegrationConfig, secretHint } from '../operations/integrations/integration-kinds.js';
import { jiraSettings as jiraChannelSettings } from '../operations/deliveries/channels/jira-settings.js';
import { parseConfig } from '../platform/config.js';

/** A resolver of our own: the rules are what is tested, not this machine's DNS (there may be none). */
function policy(allowPrivate: boolean, zone: Record<string, string[]> = {}): UrlPolicy & { asked: string[] } {
  const asked: string[] = [];
  return {
    allowPrivate,
    asked,
    async resolve(hostname) {
      asked.push(hostname);
      const found = zone[hostname];
      if (!found) throw new Error('ENOTFOUND');
      return found;
    },
  };
}

const ZONE = {
  'discord.com': ['162.159.135.232', '2606:4700::6810:85e5'],
  'hooks.slack.com': ['34.236.40.23'],
  'studio.atlassian.net': ['13.35.1.1'],
  // A public-looking name that leads inside: refused by what it resolves to, whatever its name.
  'jira.rebind.example': ['13.35.1.1', '10.0.0.7'],
  'metadata.example': ['::ffff:169.254.169.254'],
};

const webhook = (kind: 'discord' | 'slack', secret: string, p: UrlPolicy) => checkIntegrationConfig(kind, { settings: {}, secret }, p);
const jiraSite = (site: string, p: UrlPolicy) => checkIntegrationConfig('jira', { settings: { site, projectKey: 'ST', issueType: 'Task', email: 'a@example.com' }, secret: 'token' }, p);

describe('where integrations may point', () => {
  it('takes real Discord and Slack webhooks and resolves their hosts', async () => {
    const production = policy(false, ZONE);
    expect((await webhook('discord', 'https://discord.com/api/webhooks/123456789012345678/AbC-dEf_123', production)).ok).toBe(true);
    expect((await webhook('discord', 'https://discord.com/api/v10/webhooks/1/tok?thread_id=42', production)).ok).toBe(true);
    expect((await webhook('slack', 'https://hooks.slack.com/services/T000/B000/XXXX', production)).ok).toBe(true);
    expect(production.asked).toEqual(['discord.com', 'discord.com', 'hooks.slack.com']);
    const jira = await jiraSite('https://studio.atlassian.net/', production);
    expect(jira.ok && jira.value.settings.site).toBe('https://studio.atlassian.net');
    // What the API stores is what the JIRA channel reads.
    const full = await checkIntegrationConfig('jira', { settings: { site: 'https://studio.atlassian.net', projectKey: 'STUDIO', email: 'a@example.com', columnStatus: { done: 'Done', 'In review': 'In Review' }, label: 'studio' }, secret: 'token' }, production);
    expect(full.ok).toBe(true);
    if (full.ok) expect(jiraChannelSettings.safeParse(full.value.settings).success).toBe(true);
  });

  it('refuses a host that resolves to a private address, or not at all', async () => {
    const production = policy(false, ZONE);
    for (const site of ['https://jira.rebind.example', 'https://metadata.example', 'https://unknown.example']) {
      const outcome = await jiraSite(site, production);
      expect(outcome.ok, site).toBe(false);
      if (!outcome.ok) expect(outcome.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('refuses other hosts, other paths and extra queries for Discord and Slack', async () => {
    const production = policy(false, ZONE);
    for (const url of ['https://discord.com.evil.example/api/webhooks/1/x', 'https://discord.com/api/webhooks/x/y', 'https://discord.com/api/webhooks/1/x?wait=false&redirect=1', 'https://discord.com/api/webhooks/1/x#frag']) {
      expect((await webhook('discord', url, production)).ok, url).toBe(false);
    }
    for (const url of ['https://hooks.slack.com/other/T/B/X', 'https://hooks.slack.com/services/T/B/X?x=1', 'https://slack.com/services/T/B/X']) {
      expect((await webhook('slack', url, production)).ok, url).toBe(false);
    }
  });

  it('relaxed for local fakes (development, tests): http and loopback, any Slack host, but still a Discord webhook path', async () => {
    const local = policy(true);
    expect((await webhook('discord', 'http://127.0.0.1:4567/api/webhooks/1/abc', local)).ok).toBe(true);
    expect((await webhook('slack', 'http://127.0.0.1:4567/services/T/B/X', local)).ok).toBe(true);
    expect((await jiraSite('http://127.0.0.1:4568', local)).ok).toBe(true);
    expect((await webhook('discord', 'http://127.0.0.1:4567/hooks/1', local)).ok).toBe(false);
    expect((await webhook('discord', 'ftp://127.0.0.1/api/webhooks/1/abc', local)).ok).toBe(false);
    // Nothing is resolved when private addresses are allowed anyway.
    expect(local.asked).toEqual([]);
  });

  it('classifies addresses in every notation', () => {
    const refused = ['127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', '::', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:0:a00:1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', '64:ff9b::a9fe:a9fe', '2002:c0a8:0101::1', '::10.0.0.1', 'ff02::1', 'not an address'];
    const allowed = ['8.8.8.8', '162.159.135.232', '172.32.0.1', '2606:4700::6810:85e5', '::ffff:8.8.8.8', '64:ff9b::808:808'];
    expect(refused.filter((address) => !isPrivateAddress(address))).toEqual([]);
    expect(allowed.filter(isPrivateAddress)).toEqual([]);
  });

  it('hints at a secret without giving it away', () => {
    expect(secretHint('discord', 'https://discord.com/api/webhooks/1/abcdefghijklmnopqrstuvwxyz')).toBe('discord.com …wxyz');
    expect(secretHint('jira', 'short')).toBe('…');
  });

  it('is relaxed by default only in development, and never in production', () => {
    expect(parseConfig({ NODE_ENV: 'development' }).integrations.allowPrivateUrls).toBe(true);
    expect(parseConfig({ NODE_ENV: 'test' }).integrations.allowPrivateUrls).toBe(false);
    expect(parseConfig({ NODE_ENV: 'test', INTEGRATIONS_ALLOW_PRIVATE_URLS: 'true' }).integrations.allowPrivateUrls).toBe(true);
    expect(() => parseConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40), SECRETS_KEY: 'y'.repeat(40), VAULT_MASTER_KEY: 'v'.repeat(40), INTEGRATIONS_ALLOW_PRIVATE_URLS: 'true' })).toThrow(/INTEGRATIONS_ALLOW_PRIVATE_URLS/);
  });
});
