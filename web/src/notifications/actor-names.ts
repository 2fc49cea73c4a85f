import { useEffect, useState } from 'react';
import { api } from '../api.js';

interface Member {
  userId: string;
  email: string;
  name: string;
}

/**
 * Names for the actors of the feed ('user:<id>', 'key:<id>', 'server'), from the members of the
 * projects the notifications come from (one request per project, once). Someone who left the
 * project reads "Someone".
 */
export function useActorNames(projectIds: readonly string[]): (actor: string) => string {
  const [people, setPeople] = useState<ReadonlyMap<string, string>>(new Map());
  const [asked] = useState(() => new Set<string>());
  const wanted = [...new Set(projectIds)].sort().join(',');
  useEffect(() => {
    const fresh = wanted.split(',').filter((id) => id && !asked.has(id));
    for (const projectId of fresh) {
      asked.add(projectId);
      void api<Member[]>('GET', `/api/projects/${encodeURIComponent(projectId)}/members`)
        .then((reply) => setPeople((known) => new Map([...known, ...reply.data.map((m) => [m.userId, m.name || m.email] as const)])))
        // No longer a member there: its actors stay "Someone".
        .catch(() => undefined);
    }
  }, [wanted, asked]);
  return (actor) => {
    const [kind, id = ''] = actor.split(':');
    if (kind === 'user') return people.get(id) ?? 'Someone';
    if (kind === 'key') return 'An API key';
    return 'Studio';
  };
}
