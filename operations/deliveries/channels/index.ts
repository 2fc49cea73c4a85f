import type { Config } from '../../../platform/config.js';
import type { SecretBox } from '../../../platform/secrets.js';
import type { Channel, Channels } from '../channel.js';

/** What channels are built from, where the process is composed. */
export interface ChannelDependencies {
  config: Config;
  secrets: SecretBox;
}

/** Every channel this codebase delivers through, by kind (one line each). */
export function createChannels(_deps: ChannelDependencies): Channels {
  const channels: Channel[] = [];
  return new Map(channels.map((channel) => [channel.kind, channel]));
}
