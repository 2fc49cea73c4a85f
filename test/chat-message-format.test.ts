import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../operations/deliveries/channel.js';
import { digestOf } from '../operations/deliveries/channels/chat-digest.js';
import type { EventNames } from '../operations/deliveries/channels/event-names.js';
import { DISCORD_LIMITS, discordMessage } from '../operations/deliveries/channels/discord.js';
import { SLACK_LIMITS, slackMessage } from '../operations/deliveries/channels/slack.js';

describe('chat messages stay readable and within Discord’s and Slack’s limits', () => {
  const names: EventNames = {
    actor: (actor) => `Person ${actor.slice(-3)} ${'with a long name '.repeat(3)}`,
    person: () => 'Bob',
    document: (name) => `Board ${name.slice(-4)} *bold* [link](http://evil.example) @everyone`,
    project: () => 'Project',
    entry: () => 'Column',
  };
  /** `count` moves by `actors` people over `boards` boards, with long hostile titles. */
  function batch(count: number, actors: number, boards: number): Outgoing[] {
    return Array.from({ length: count }, (_, i) => ({
      delivery: { id: `d${i}` } as Outgoing['delivery'],
      event: {
        id: `e${i}`,
        type: 'task.moved',
        projectId: 'p',
        kind: 'kanban',
        documentId: `b${i % boards}`,
        itemId: `p.b${i % boards}.c${i}`,
        actor: `user:${String(i % actors).padStart(3, '0')}`,
        data: { title: `${'A very long card title with `code` and **stars** '.repeat(5)}${i}`, from: 'todo', to: 'done' },
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      },
    }));
  }

  it.each([
    [1, 1, 1],
    [50, 1, 1],
    [1_000, 1, 1],
    [300, 7, 9],
    [2_000, 40, 5],
  ])('%i moves, %i actors, %i boards: one message, within the limits', (count, actors, boards) => {
    const digest = digestOf(batch(count, actors, boards), names, 'https://studio.example');
    expect(digest.groups.reduce((sum, group) => sum + group.count, 0)).toBe(count);
    const discord = discordMessage(digest);
    expect(discord.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    const embeds = discord.embeds ?? [];
    expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
    for (const embed of embeds) {
      expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
      expect((embed.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    }
    expect(embeds.reduce((sum, embed) => sum + embed.title.length + (embed.description ?? '').length, 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    const slack = slackMessage(digest);
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of slack.blocks) {
      for (const text of block.type === 'section' ? [block.text.text] : block.elements.map((element) => element.text)) {
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      }
    }
    // Every move is counted somewhere a reader sees it: in a group's headline, or in the "…and N more" of the rest.
    const discordText = [discord.content, ...embeds.map((embed) => embed.title)].join('\n');
    if (count === 1) expect(discordText).toContain('moved');
    else if (digest.groups.length === 1) expect(discordText).toContain(`moved ${count.toLocaleString('en-US')} cards`);
  });

  it('escapes what people typed: no markup, links or mentions of their own', () => {
    const digest = digestOf(batch(1, 1, 1), names, 'https://studio.example');
    const discord = discordMessage(digest).content;
    expect(discord).not.toContain('[link](http://evil.example)');
    expect(discord).toContain('\\[link\\]\\(http://evil.example\\)');
    expect(discord).not.toContain('@everyone');
    expect(discord).toContain('(https://studio.example/#/d/kanban%3Ap%3Ab0)');
    const slack = slackMessage(digest).blocks[0]!;
    expect(slack.type === 'section' && slack.text.text).toContain('<https://studio.example/#/d/kanban%3Ap%3Ab0|Board ');
  });
});
