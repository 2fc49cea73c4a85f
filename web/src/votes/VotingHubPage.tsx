import { useEffect, useState } from 'react';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';
import { useLiveVoteChannel } from './live-channel.js';
import { VOTE_ITEM_TYPES, type VoteItemType, itemKey } from './types.js';
import { useVoteItems } from './use-vote-items.js';
import { VoteItemCard } from './VoteItemCard.js';

/** Who votes, as the server's `votes.cast`: commenters and above. Viewers are the audience. */
const VOTERS = new Set(['owner', 'admin', 'editor', 'commenter']);

const FILTER_NAME: Record<VoteItemType, string> = { video: 'Videos', script: 'Scripts', campaign: 'Campaigns' };

/**
 * The RLHF voting hub (`#/p/<id>/votes`): the videos, scripts and campaigns of the project's
 * pipelines, each with its live numbers and, for those who vote, 1–5 stars and optional feedback.
 */
export function VotingHubPage({ projectId }: { projectId: string }) {
  const { project, error: projectError } = useProject(projectId);
  const [filter, setFilter] = useState<VoteItemType | null>(null);
  /** The pipeline the live channel listens through: the first one seen, kept so a filter change does not reconnect. */
  const [channelPipeline, setChannelPipeline] = useState<string | null>(null);
  const live = useLiveVoteChannel(channelPipeline ? `pipeline:${projectId}:${channelPipeline}` : null);
  const { items, hasMore, loadingMore, error, loadMore, applyOutcome } = useVoteItems(projectId, filter, live);
  const firstPipeline = items?.[0]?.pipelineId ?? null;
  useEffect(() => {
    if (firstPipeline !== null) setChannelPipeline((kept) => kept ?? firstPipeline);
  }, [firstPipeline]);
  const canVote = project !== null && VOTERS.has(project.role);

  if (projectError) {
    return (
      <section className="page">
        <p className="error" role="alert">
          {projectError}
        </p>
        <a href={href.projects()}>← Projects</a>
      </section>
    );
  }

  return (
    <section className="page voting-hub">
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <div className="page-head">
        <h1>Voting hub</h1>
        <span className={`state ${live ? 'state-active' : ''}`} data-testid="live-state" data-live={live}>
          {live ? 'Live' : 'Updated every few seconds'}
        </span>
      </div>
      <p className="muted">Rate the project’s videos, scripts and campaigns from 1 to 5 stars; everyone here sees the numbers move as votes arrive.</p>
      {project && !canVote && (
        <p className="notice" data-testid="viewer-note">
          You are a viewer of this project: you see the ratings, but viewers don’t vote. Commenters, editors and owners do.
        </p>
      )}
      <label className="vote-filter">
        Show{' '}
        <select name="vote-filter" value={filter ?? ''} onChange={(event) => setFilter(VOTE_ITEM_TYPES.find((type) => type === event.target.value) ?? null)}>
          <option value="">All items</option>
          {VOTE_ITEM_TYPES.map((type) => (
            <option key={type} value={type}>
              {FILTER_NAME[type]}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items === null && !error && (
        <p className="loading" role="status">
          Loading the items…
        </p>
      )}
      {items?.length === 0 &&
        (filter === null ? (
          <p className="empty-state" data-testid="no-vote-items">
            Nothing to rate yet. Add videos or campaigns to a pipeline board in <a href={href.project(projectId)}>{project?.name ?? 'the project'}</a>, and they appear here to rate.
          </p>
        ) : (
          <p className="empty-state" data-testid="no-vote-items">
            No {FILTER_NAME[filter].toLowerCase()} to rate. Choose “All items” to see the rest.
          </p>
        ))}
      {items && items.length > 0 && (
        <ul className="vote-items">
          {items.map((item) => (
            <VoteItemCard key={itemKey(item)} item={item} canVote={canVote} onVoted={applyOutcome} />
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" className="button" onClick={loadMore} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
