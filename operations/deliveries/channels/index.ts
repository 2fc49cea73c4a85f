import type { Config } from '../../../platform/config.js';
import type { SecretBox } from '../../../platform/secrets.js';
import type { Channel, Channels } from '../channel.js';
import { chatOptions } from './chat-webhook.js';
import { createDiscordChannel } from './discord.js';
import { emailChannels } from './email.js';
import { createJiraChannel, jiraOptions } from './jira.js';
import { createSlackChannel } from './slack.js';

/** What channels are built from, where the process is composed. */
export interface ChannelDependencies {
  config: Config;
  secrets: SecretBox;
  /** Where people open documents, for links in messages (PUBLIC_URL, or the address this process listens on). */
  publicUrl?: () => string;
}

/** Every channel this codebase delivers through, by kind (one line each). */
export function createChannels(deps: ChannelDependencies): Channels {
  const channels: Channel[] = [createDiscordChannel(chatOptions(deps)), createSlackChannel(chatOptions(deps))];
  channels.push(...emailChannels(deps));
  channels.push(createJiraChannel(jiraOptions(deps)));
  return new Map(channels.map((channel) => [channel.kind, channel]));
}
