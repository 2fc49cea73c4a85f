import { describe, expect, it } from 'vitest';
import { ClientOwners, RESERVED_IDS_PER_OWNER } from './client-owners.js';

describe('client ids set aside by presence', () => {
  it('each person keeps their newest reservations, and nobody can push out someone else’s', () => {
    const owners = new ClientOwners('kanban:p:d', []);
    owners.reserve(1, 'user:alice');
    for (let client = 100; client < 100 + RESERVED_IDS_PER_OWNER + 1; client++) owners.reserve(client, 'user:mallory');
    expect(owners.reservedFor(1)).toBe('user:alice');
    expect(owners.reservedFor(100)).toBeUndefined();
    expect(owners.reservedFor(101)).toBe('user:mallory');
    // The first announcement wins; a later one changes nothing.
    owners.reserve(1, 'user:mallory');
    expect(owners.reservedFor(1)).toBe('user:alice');
  });

  it('a claim, made here or learned from another instance, replaces the reservation and frees its place', () => {
    const owners = new ClientOwners('kanban:p:d', []);
    for (let client = 1; client <= RESERVED_IDS_PER_OWNER; client++) owners.reserve(client, 'user:alice');
    owners.claim(1, 'user:alice', Date.now());
    owners.learn([{ name: 'kanban:p:d', client: 2, owner: 'user:bob', claimedAt: new Date() }]);
    expect([owners.ownerOf(1), owners.reservedFor(1)]).toEqual(['user:alice', undefined]);
    expect([owners.ownerOf(2), owners.reservedFor(2)]).toEqual(['user:bob', undefined]);
    // Two places came free: two more reservations push nothing out.
    owners.reserve(1_001, 'user:alice');
    owners.reserve(1_002, 'user:alice');
    expect(owners.reservedFor(3)).toBe('user:alice');
    owners.reserve(1_003, 'user:alice');
    expect(owners.reservedFor(3)).toBeUndefined();
    // A claimed id is never reserved again.
    owners.reserve(2, 'user:alice');
    expect(owners.reservedFor(2)).toBeUndefined();
    expect(owners.takeUnsaved().map((claim) => claim.client)).toEqual([1]);
  });
});
