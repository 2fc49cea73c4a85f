import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { AccessMessage } from '../components/StatusBar.js';

/**
 * The server closes a socket with 'access-revoked' both when the person left the project and when
 * an owner hid this one document from them. Whether they still belong to the project tells the two
 * apart: undefined while asking; false when they do not (or it cannot be told).
 */
function useStillMember(projectId: string | null): boolean | undefined {
  const [member, setMember] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (projectId === null) return;
    let live = true;
    setMember(undefined);
    void api('GET', `/api/projects/${encodeURIComponent(projectId)}`)
      .then(() => live && setMember(true))
      // Refused: they left the project. Unreachable: the server's own reason is the safer message.
      .catch(() => live && setMember(false));
    return () => {
      live = false;
    };
  }, [projectId]);
  return member;
}

/**
 * Why a document cannot be shown, as the server said; a document hidden from a member says so (not
 * "removed from the project"), and a guest whose invitation was taken back is told their share ended.
 */
export function ClosedDocument({ reason, projectId, guest }: { reason: string | null; projectId: string; guest: boolean }) {
  const revoked = reason === 'access-revoked';
  // A guest was never a member: asking the project would only say 404.
  const stillMember = useStillMember(revoked && !guest ? projectId : null);
  if (revoked && guest) return <AccessMessage reason="guest-access-ended" />;
  if (revoked && stillMember === undefined) {
    return (
      <p className="loading" role="status">
        Checking your access…
      </p>
    );
  }
  return <AccessMessage reason={revoked && stillMember ? 'document-hidden' : reason} />;
}
