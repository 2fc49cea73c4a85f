import type { AccessChange, AccessEvents } from '../identity/membership-events.js';
import type { DashboardHub } from '../operations/analytics/dashboard-hub.js';
import type { Notification } from '../operations/notifications/notification.js';
import type { NotificationHub } from '../operations/notifications/notification-hub.js';
import type { VoteHub, VoteLanded } from '../operations/votes/vote-hub.js';
import { type Bus, bridge } from '../platform/bus/bus.js';

/**
 * Every in-process hub of this process, joined to the other processes of the deployment through
 * the bus: a notification made by a worker reaches the person's sockets on the api/collab
 * instance; a vote's aggregate and "dashboards changed" reach every instance's open dashboards; an
 * access change made on one instance closes or downgrades connections on all of them (and empties
 * their access caches).
 */
export function relayHubs(bus: Bus, hubs: { notifications: NotificationHub; votes: VoteHub; dashboards: DashboardHub; access: AccessEvents }) {
  const notifications = bridge<{ userId: string; notification: Notification }>(bus, 'notification', {
    subscribe: (listener) => hubs.notifications.subscribe((userId, notification) => listener({ userId, notification })),
    emit: ({ userId, notification }) => hubs.notifications.publish(userId, notification),
  });
  const votes = bridge<VoteLanded>(bus, 'vote', { subscribe: (listener) => hubs.votes.subscribe(listener), emit: (landed) => hubs.votes.publish(landed) });
  const dashboards = bridge<string>(bus, 'dashboard', { subscribe: (listener) => hubs.dashboards.subscribe(listener), emit: (projectId) => hubs.dashboards.announce(projectId) });
  const access = bridge<AccessChange>(bus, 'access', { subscribe: (listener) => hubs.access.subscribe(listener), emit: (change) => hubs.access.emit(change) });
  return {
    relayingVote: votes.relaying,
    async close() {
      for (const relay of [notifications, votes, dashboards, access]) relay.close();
      await bus.close();
    },
  };
}
