import { type FormEvent, useEffect, useState } from 'react';

interface ServiceInfo {
  signIn?: { devLogin: boolean; google: boolean };
}

export function SignInPage({ onDevSignIn }: { onDevSignIn: (email: string, name: string) => Promise<void> }) {
  const [info, setInfo] = useState<ServiceInfo>({});
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void fetch('/api')
      .then((response) => response.json() as Promise<{ data: ServiceInfo }>)
      .then((body) => setInfo(body.data))
      .catch(() => {});
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await onDevSignIn(email, name);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Sign-in failed');
    }
  };
  return (
    <div className="sign-in">
      <h1>Studio</h1>
      <p className="muted">Boards, calendars and pipelines your whole team edits at once, online or not.</p>
      {info.signIn?.google && (
        <a className="button primary wide" href="/auth/google/login">
          Sign in with Google
        </a>
      )}
      {info.signIn?.devLogin !== false && (
        <form onSubmit={(event) => void submit(event)} className="card-form">
          <label>
            Email
            <input name="email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            Name
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button className="button primary" type="submit">
            Sign in (local)
          </button>
          {error && <p className="error">{error}</p>}
        </form>
      )}
    </div>
  );
}
