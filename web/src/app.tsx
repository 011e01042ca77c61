import { useEffect, type ReactNode } from "react";
import { useApi } from "./lib/api";
import { Link, useLocation } from "./lib/router";
import type { Finding, Health } from "./lib/types";
import { EfficiencyPage } from "./pages/efficiency-page";
import { LeaderboardPage } from "./pages/leaderboard-page";
import { RegressionsPage } from "./pages/regressions-page";
import { SlaPage } from "./pages/sla-page";
import { TrendsPage } from "./pages/trends-page";
import { VersionsPage } from "./pages/versions-page";

interface PageDef {
  path: string;
  title: string;
  render: () => ReactNode;
}

const PAGES: PageDef[] = [
  { path: "/", title: "Leaderboard", render: () => <LeaderboardPage /> },
  { path: "/trends", title: "Trends", render: () => <TrendsPage /> },
  { path: "/regressions", title: "Regressions", render: () => <RegressionsPage /> },
  { path: "/versions", title: "Versions", render: () => <VersionsPage /> },
  { path: "/efficiency", title: "Cost & efficiency", render: () => <EfficiencyPage /> },
  { path: "/sla", title: "SLA", render: () => <SlaPage /> },
];

// The last query string of each page, so the nav returns to the view one left.
const lastSearch = new Map<string, string>();

export function App() {
  const { path, query } = useLocation();
  const page = PAGES.find((p) => p.path === path);
  const search = query.toString();
  useEffect(() => {
    lastSearch.set(path, search);
    document.title = page ? `${page.title} · benchledger` : "Not found · benchledger";
  }, [path, search, page]);
  return (
    <div className="app">
      <Header current={path} />
      <main className="main" key={path}>
        {page ? page.render() : <NotFound path={path} />}
      </main>
    </div>
  );
}

function Header({ current }: { current: string }) {
  const findings = useApi<{ findings: Finding[] }>("/api/findings");
  const health = useApi<Health>("/api/health");
  const failing = findings.data?.findings.filter((f) => f.verdict === "regression" || f.verdict === "sla").length ?? 0;
  return (
    <header className="header">
      <Link to="/" className="brand" aria-label="benchledger home">
        <img src="/favicon.svg" alt="" width={20} height={20} />
        <span>benchledger</span>
      </Link>
      <nav className="nav" aria-label="Pages">
        {PAGES.map((p) => {
          const search = lastSearch.get(p.path);
          return (
            <Link key={p.path} to={search ? `${p.path}?${search}` : p.path} className={p.path === current ? "nav-link active" : "nav-link"} aria-current={p.path === current ? "page" : undefined}>
              {p.title}
              {p.path === "/regressions" && failing > 0 ? <span className="nav-count" title={`${failing} open regressions and SLA breaches`}>{failing}</span> : null}
            </Link>
          );
        })}
      </nav>
      <div className="header-info" title={health.data ? `${health.data.engine}: ${health.data.database}` : undefined}>
        {health.data ? `${health.data.engine} · v${health.data.version}` : "\u00a0"}
      </div>
    </header>
  );
}

function NotFound({ path }: { path: string }) {
  return (
    <div className="empty">
      <h2>No page at {path}</h2>
      <p>The dashboard has these pages:</p>
      <ul className="plain-list">
        {PAGES.map((p) => (
          <li key={p.path}><Link to={p.path}>{p.title}</Link></li>
        ))}
      </ul>
    </div>
  );
}
