import { useState } from 'react';
import { RequestFailed, api } from '../api.js';
import { failureText } from '../components/failure-text.js';

interface Props {
  email: string;
  /** Signs out and removes everything of this app from the browser (the account is going). */
  signOut(): Promise<void>;
}

/** What a refusal means for the person, in words: sign in again, or hand over projects first. */
function refusalText(failure: unknown): string {
  if (failure instanceof RequestFailed && failure.code === 'REAUTH_REQUIRED') return 'For your safety, sign out and sign in again, then erase your account within 10 minutes.';
  if (failure instanceof RequestFailed && failure.code === 'LAST_OWNER') {
    const projects = (failure.details as { projects?: { name: string }[] } | undefined)?.projects ?? [];
    return `You are the only owner of ${projects.map((p) => `“${p.name}”`).join(', ') || 'a project'}: make someone else owner (or delete the project) first.`;
  }
  return failureText(failure, 'Could not erase your account');
}

/**
 * "Erase my account": the person types their email to confirm. The server erases their account and
 * personal data, from documents' history too; this browser's copies go with the sign-out.
 */
export function EraseAccountPanel({ email, signOut }: Props) {
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [erasing, setErasing] = useState(false);

  const erase = async () => {
    setError(null);
    setErasing(true);
    try {
      await api('DELETE', '/api/me', { confirm });
      await signOut();
    } catch (failure) {
      setError(refusalText(failure));
      setErasing(false);
    }
  };

  return (
    <section className="erase-account" aria-labelledby="erase-account-title">
      <h2 id="erase-account-title">Erase my account</h2>
      <p>
        Your account, sign-ins and memberships are deleted; what you wrote stays with its projects under “Erased user”, and your name, email and id are removed from
        documents and their history. Copies already sent (emails, exports you downloaded) cannot be recalled. This cannot be undone.
      </p>
      <label>
        Type your email ({email}) to confirm{' '}
        <input name="confirm-email" type="email" autoComplete="off" value={confirm} maxLength={320} onChange={(event) => setConfirm(event.target.value)} />
      </label>{' '}
      <button className="button danger" type="button" data-testid="erase-account" disabled={erasing || confirm.trim().toLowerCase() !== email.toLowerCase()} onClick={() => void erase()}>
        Erase my account
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
