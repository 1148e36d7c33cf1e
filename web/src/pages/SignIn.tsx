/**
 * Sign-in by bearer token. In development a token comes from the `mint-token` script (see
 * docs/explorer.md); the explorer keeps it in localStorage and sends it on every request.
 */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { describeToken } from '../auth';
import { PageTitle, Section } from '../components/ui';

export function SignIn({ token, onToken }: { token: string | null; onToken: (token: string | null) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const info = token ? describeToken(token) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = value.trim().replace(/^Bearer\s+/i, '');
    if (!t) {
      setError('Paste a token first.');
      return;
    }
    if (!describeToken(t)) {
      setError('This does not look like a JWT (three dot-separated parts).');
      return;
    }
    onToken(t);
    navigate('/');
  };

  return (
    <>
      <PageTitle>Sign in</PageTitle>
      <Section title="Current session">
        {token ? (
          <p>
            Signed in as <strong>{info?.subject ?? 'unknown subject'}</strong>, role <strong>{info?.roles.join(', ') || 'none'}</strong>
            {info?.expiresAt ? <>, token expires {info.expiresAt.toISOString()}</> : null}.{' '}
            <button type="button" onClick={() => onToken(null)}>
              Sign out
            </button>
          </p>
        ) : (
          <p>Not signed in: the registry answers as an anonymous caller (public data only).</p>
        )}
      </Section>
      <Section title="Use a token">
        <form onSubmit={submit} className="signin">
          <label htmlFor="token">Bearer token (JWT)</label>
          <textarea id="token" rows={4} value={value} onChange={(e) => setValue(e.target.value)} aria-describedby="token-help token-error" spellCheck={false} />
          <p id="token-help" className="muted small">
            In development, mint one for a role with <code>npm run token -- --role ANALYST</code> (roles: REGULATOR, ANALYST, AUDITOR, DEVELOPER,
            PARTNER_AGENCY). The role shown in the header is read from the token; the server decides what you may see.
          </p>
          <p id="token-error" role="alert" className="st-text-bad">
            {error}
          </p>
          <button type="submit">Sign in</button>
        </form>
      </Section>
    </>
  );
}
