/**
 * Sign-in by bearer token. In development the server offers demo tokens per role at
 * `GET /dev/tokens` (404 elsewhere), listed here as buttons; any token (for example from
 * `npm run token`) can also be pasted. The explorer keeps it in localStorage and sends it on every
 * request.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { describeToken } from '../auth';
import { PageTitle, Section, When } from '../components/ui';

interface DemoToken {
  role: string;
  subject: string;
  organizationName: string;
  organizationId: string | null;
  token: string;
}

/** The development demo tokens, or null when the server does not offer them (404 outside development). */
function useDemoTokens(): DemoToken[] | null {
  const [tokens, setTokens] = useState<DemoToken[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetch('/dev/tokens', { headers: { accept: 'application/json' } })
      .then(async (res) => {
        if (!res.ok) return;
        const body = (await res.json()) as { tokens?: DemoToken[] };
        if (!cancelled && Array.isArray(body.tokens)) setTokens(body.tokens);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return tokens;
}

export function SignIn({ token, onToken }: { token: string | null; onToken: (token: string | null) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const info = token ? describeToken(token) : null;
  const demo = useDemoTokens();

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
            {info?.expiresAt ? <>, token expires <When at={info.expiresAt.toISOString()} /></> : null}.{' '}
            <button type="button" onClick={() => onToken(null)}>
              Sign out
            </button>
          </p>
        ) : (
          <p>Not signed in: the registry answers as an anonymous caller (public data only).</p>
        )}
      </Section>
      {demo ? (
        <Section title="Pick a demo role (development)">
          <p className="muted small">Short-lived development tokens, each acting for its demo organization.</p>
          <ul className="demo-roles" aria-label="Demo roles">
            {demo.map((d) => (
              <li key={d.role}>
                <button
                  type="button"
                  data-testid={`demo-role-${d.role}`}
                  aria-pressed={info?.roles.includes(d.role) && info.subject === d.subject ? true : false}
                  onClick={() => {
                    onToken(d.token);
                    navigate('/');
                  }}
                >
                  {d.role}
                </button>{' '}
                <span className="muted">
                  as {d.subject}, {d.organizationName}
                  {d.organizationId ? '' : ' (not in the registry)'}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
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
