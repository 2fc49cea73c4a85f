import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { sinceText, useNow } from '../time-text.js';

interface Activity {
  id: string;
  type: string;
  actorName: string;
  data: { title?: unknown };
  occurredAt: string;
}

/** What an event type says happened, in a few words. */
const VERB: Record<string, string> = {
  'task.created': 'created a card',
  'task.moved': 'moved a card',
  'task.assigned': 'assigned a card',
  'task.commented': 'commented on a card',
  'task.archived': 'archived a card',
  'event.scheduled': 'scheduled an event',
  'event.rescheduled': 'rescheduled an event',
  'event.cancelled': 'cancelled an event',
  'item.stage-changed': 'moved a pipeline item',
  'thread.opened': 'opened a thread',
  'request.created': 'made a request',
};

/** The project's latest changes, newest first (the change feed, with names). */
export function RecentActivity({ projectId }: { projectId: string }) {
  const [items, setItems] = useState<Activity[] | null>(null);
  const now = useNow();
  useEffect(() => {
    void api<{ items: Activity[] }>('GET', `/api/recent-activities?projectId=${encodeURIComponent(projectId)}&limit=10`)
      .then((reply) => setItems(reply.data.items))
      .catch(() => setItems([]));
  }, [projectId]);
  if (!items) return null;
  if (items.length === 0) return <p className="empty-state">No changes yet: what people do on boards, calendars and pipelines shows here.</p>;
  return (
    <ol className="recent-activity" data-testid="recent-activity">
      {items.map((item) => (
        <li key={item.id}>
          <strong>{item.actorName}</strong> {VERB[item.type] ?? item.type}
          {typeof item.data.title === 'string' && <> “{item.data.title}”</>} <span className="muted">{sinceText(item.occurredAt, now)}</span>
        </li>
      ))}
    </ol>
  );
}
