import { ADMIN_SECTIONS, ADMIN_SECTION_LABELS, routeHash, type AdminSection } from '../../route.ts';
import { RoutingRulesAdmin } from './RoutingRulesAdmin.tsx';
import { LexiconAdmin } from './LexiconAdmin.tsx';
import { ElectionsAdmin } from './ElectionsAdmin.tsx';
import { DesksAdmin } from './DesksAdmin.tsx';
import { PipelineAdmin } from './PipelineAdmin.tsx';
import { OrganisationsScreen } from './OrganisationsScreen.tsx';
import { UsersScreen } from './UsersScreen.tsx';
import { ApiKeysScreen } from './ApiKeysScreen.tsx';
import { AuditScreen } from './AuditScreen.tsx';

interface Props {
  section: AdminSection;
  onUnauthorized(): void;
}

/** Triage configuration for admins: one screen per section, chosen by the URL hash. */
export function AdminPage({ section, onUnauthorized }: Props) {
  return (
    <main className="admin-area" aria-labelledby="admin-heading">
      <nav className="subnav" aria-label="Administration sections">
        {ADMIN_SECTIONS.map((value) => (
          <a key={value} href={routeHash({ screen: 'admin', section: value })} aria-current={value === section ? 'page' : undefined}>
            {ADMIN_SECTION_LABELS[value]}
          </a>
        ))}
      </nav>
      <h1 id="admin-heading" className="admin-title">{ADMIN_SECTION_LABELS[section]}</h1>
      {section === 'routing' && <RoutingRulesAdmin onUnauthorized={onUnauthorized} />}
      {section === 'lexicon' && <LexiconAdmin onUnauthorized={onUnauthorized} />}
      {section === 'elections' && <ElectionsAdmin onUnauthorized={onUnauthorized} />}
      {section === 'desks' && <DesksAdmin onUnauthorized={onUnauthorized} />}
      {section === 'pipeline' && <PipelineAdmin onUnauthorized={onUnauthorized} />}
      {section === 'organisations' && <OrganisationsScreen onUnauthorized={onUnauthorized} />}
      {section === 'users' && <UsersScreen onUnauthorized={onUnauthorized} />}
      {section === 'keys' && <ApiKeysScreen onUnauthorized={onUnauthorized} />}
      {section === 'audit' && <AuditScreen onUnauthorized={onUnauthorized} />}
    </main>
  );
}
