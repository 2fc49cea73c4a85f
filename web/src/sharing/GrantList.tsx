import type { ProjectMember } from '../members.js';
import { type DraftGrant, type GrantRole, subjectKey } from './types.js';
import { GrantRoleSelect } from './GrantRoleSelect.js';

interface Props {
  grants: DraftGrant[];
  members: ProjectMember[];
  onRole: (index: number, role: GrantRole) => void;
  onRemove: (index: number) => void;
  /** A guest is removed at once (their open pages close), not at Save. */
  onRemoveGuest: (userId: string, label: string) => void;
}

const RANK: Record<string, number> = { owner: 0, admin: 1, editor: 2, commenter: 3, viewer: 4 };

/** The member's project role when it allows less than the grant: a grant never lifts anyone above it. */
function cappedBy(grant: DraftGrant, members: ProjectMember[]): string | null {
  if (!('userId' in grant.subject)) return null;
  const { userId } = grant.subject;
  const role = members.find((member) => member.userId === userId)?.role;
  return role !== undefined && (RANK[role] ?? 0) > RANK[grant.role]! ? role : null;
}

/** The grants being edited: who, what they may do here (a select each), and a remove button; guests marked. */
export function GrantList({ grants, members, onRole, onRemove, onRemoveGuest }: Props) {
  if (grants.length === 0) {
    return (
      <p className="muted small" data-testid="share-no-grants">
        No one has a grant for this document.
      </p>
    );
  }
  return (
    <ul className="share-grants" aria-label="Granted" data-testid="share-grants">
      {grants.map((grant, index) => {
        const capped = cappedBy(grant, members);
        const guestId = grant.guest && 'userId' in grant.subject ? grant.subject.userId : null;
        return (
          <li key={subjectKey(grant.subject)} className="share-grant" data-testid="share-grant" data-guest={grant.guest || undefined}>
            <span className="share-grant-who">
              {grant.label}
              {grant.guest && (
                <>
                  {' '}
                  <span className="share-guest-badge">Guest</span>
                </>
              )}
              {capped && <small className="muted"> · still limited by their project role ({capped})</small>}
            </span>
            <GrantRoleSelect ariaLabel={`Access of ${grant.label}`} value={grant.role} onChange={(role) => onRole(index, role)} />
            <button type="button" className="button small" aria-label={`Remove ${grant.label}`} onClick={() => (guestId ? onRemoveGuest(guestId, grant.label) : onRemove(index))}>
              Remove
            </button>
          </li>
        );
      })}
    </ul>
  );
}
