/** Layout, navigation and routes of the explorer. Every screen has a deep link. */
import { useMemo, useState } from 'react';
import { BrowserRouter, Link, NavLink, Route, Routes } from 'react-router-dom';
import { Provider } from 'urql';
import { describeToken, readToken, writeToken } from './auth';
import { createGraphQLClient } from './client';
import { LiveProvider, useLive } from './live';
import { Empty, PageTitle } from './components/ui';
import { Overview } from './pages/Overview';
import { Findings } from './pages/Findings';
import { FindingDetail } from './pages/FindingDetail';
import { ReportFinding } from './actions/ReportFinding';
import { DecisionReport } from './actions/DecisionReport';
import { Versions } from './pages/Versions';
import { VersionDetail } from './pages/VersionDetail';
import { Audits } from './pages/Audits';
import { Decisions, DecisionDetail } from './pages/Decisions';
import { Live } from './pages/Live';
import { SignIn } from './pages/SignIn';
import { PolicyWhatIf } from './pages/PolicyWhatIf';

const NAV = [
  ['/', 'Overview'],
  ['/findings', 'Findings'],
  ['/versions', 'Model versions'],
  ['/audits', 'Audits'],
  ['/decisions', 'Decisions'],
  ['/live', 'Live'],
  ['/policy/what-if', 'Policy what-if'],
] as const;

export function App() {
  const [token, setToken] = useState<string | null>(() => readToken());
  const client = useMemo(() => createGraphQLClient(token), [token]);
  const onToken = (t: string | null) => {
    writeToken(t);
    setToken(t);
  };
  return (
    <Provider value={client}>
      <LiveProvider token={token}>
        <BrowserRouter>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <header className="topbar">
            <Link to="/" className="brand">
              <span aria-hidden="true">◆</span> Model Security Registry
            </Link>
            <nav aria-label="Main">
              <ul>
                {NAV.map(([to, label]) => (
                  <li key={to}>
                    <NavLink to={to} end={to === '/'}>
                      {label}
                    </NavLink>
                  </li>
                ))}
                <li>
                  <a href="/graphiql">GraphiQL</a>
                </li>
              </ul>
            </nav>
            <LiveIndicator />
            <Viewer token={token} />
          </header>
          <main id="main">
            <Routes>
              <Route path="/" element={<Overview />} />
              <Route path="/findings" element={<Findings />} />
              <Route path="/findings/new" element={<ReportFinding />} />
              <Route path="/findings/:publicId" element={<FindingDetail />} />
              <Route path="/versions" element={<Versions />} />
              <Route path="/versions/:id" element={<VersionDetail />} />
              <Route path="/versions/:id/report" element={<DecisionReport />} />
              <Route path="/audits" element={<Audits />} />
              <Route path="/decisions" element={<Decisions />} />
              <Route path="/decisions/:id" element={<DecisionDetail />} />
              <Route path="/live" element={<Live />} />
              <Route path="/policy/what-if" element={<PolicyWhatIf />} />
              <Route path="/signin" element={<SignIn token={token} onToken={onToken} />} />
              <Route
                path="*"
                element={
                  <>
                    <PageTitle>Page not found</PageTitle>
                    <Empty>
                      Nothing lives at this address. <Link to="/">Go to the overview</Link>
                    </Empty>
                  </>
                }
              />
            </Routes>
          </main>
        </BrowserRouter>
      </LiveProvider>
    </Provider>
  );
}

function LiveIndicator() {
  const { mode, received } = useLive();
  const label = mode === 'subscription' ? 'Live (subscription)' : mode === 'polling' ? 'Live (polling)' : mode === 'offline' ? 'Offline' : 'Connecting';
  return (
    <Link to="/live" className={`live-indicator live-${mode}`} aria-label={`${label}; ${received} new events`}>
      <span className="dot" aria-hidden="true" /> {label}
      {received ? <span className="count">{received}</span> : null}
    </Link>
  );
}

function Viewer({ token }: { token: string | null }) {
  const info = token ? describeToken(token) : null;
  return (
    <div className="viewer">
      {token ? (
        <Link to="/signin">
          <span className="visually-hidden">Signed in as role </span>
          <span className="role" data-testid="viewer-role">
            {info?.roles.join(', ') || 'no role'}
          </span>{' '}
          <span className="muted">{info?.subject ?? ''}</span>
          <span className="visually-hidden"> (manage session)</span>
        </Link>
      ) : (
        <Link to="/signin">
          <span className="role" data-testid="viewer-role">
            Anonymous
          </span>{' '}
          Sign in
        </Link>
      )}
    </div>
  );
}
