import { adminApi } from '../../admin-api.ts';
import { formatDateTime, humanize } from '../../format.ts';
import { AdminTable, Loadable, useLoad } from './ui.tsx';
import { en } from '../../i18n/en.ts';
import { useT, type MessageKey } from '../../i18n/index.ts';

const loadPipeline = (signal: AbortSignal) => adminApi.pipeline(signal);

export function PipelineAdmin({ onUnauthorized }: { onUnauthorized(): void }) {
  const pipeline = useLoad(loadPipeline, onUnauthorized);
  const { t, language } = useT();
  const jobLabel = (state: string) =>
    `pipeline.job.${state}` in en ? t(`pipeline.job.${state}` as MessageKey) : t('pipeline.jobs', { state });
  return (
    <div className="admin-section">
      <div className="card-head">
        <p className="muted admin-intro">{t('pipeline.intro')}</p>
        <button type="button" className="button button-small" onClick={pipeline.reload}>{t('admin.refresh')}</button>
      </div>
      <Loadable load={pipeline} what={t('pipeline.what')} failed={t('pipeline.loadFailed')}>
        {(data) => (
          <>
            <section className="admin-card" aria-labelledby="counts-heading">
              <h2 id="counts-heading">{t('pipeline.counts')}</h2>
              <div className="stat-groups">
                <dl className="stats" aria-label={t('pipeline.reportsByStatus')}>
                  {(['queued', 'triaged', 'failed'] as const).map((status) => (
                    <div key={status} className={`stat${status === 'failed' && (data.reports[status] ?? 0) > 0 ? ' is-bad' : ''}`}>
                      <dt>{t(`pipeline.reports.${status}`)}</dt>
                      <dd>{data.reports[status] ?? 0}</dd>
                    </div>
                  ))}
                </dl>
                {data.queue ? (
                  <dl className="stats" aria-label={t('pipeline.queueJobs')}>
                    {Object.entries(data.queue).map(([name, count]) => (
                      <div key={name} className={`stat${name === 'failed' && count > 0 ? ' is-bad' : ''}`}>
                        <dt>{jobLabel(name)}</dt>
                        <dd>{count}</dd>
                      </div>
                    ))}
                  </dl>
                ) : (
                  <div className="notice notice-error">{t('pipeline.queueDown')}</div>
                )}
              </div>
            </section>
            <section className="admin-card" aria-labelledby="failed-reports-heading">
              <h2 id="failed-reports-heading">{t('pipeline.failedReports')}</h2>
              <AdminTable rows={data.failedReports} empty={t('pipeline.noFailedReports')}
                columns={[t('pipeline.received'), t('pipeline.organisation'), t('pipeline.claim'), t('pipeline.failure')]}>
                {(report) => (
                  <tr key={report.id}>
                    <td>{formatDateTime(language, report.receivedAt)}</td>
                    <td>{report.organisationName}</td>
                    <td className="cell-wrap">{report.claim}</td>
                    <td className="cell-wrap">{report.failure ?? '—'}</td>
                  </tr>
                )}
              </AdminTable>
            </section>
            <section className="admin-card" aria-labelledby="failed-jobs-heading">
              <h2 id="failed-jobs-heading">{t('pipeline.failedJobs')}</h2>
              <AdminTable rows={data.failedJobs} empty={t('pipeline.noFailedJobs')}
                columns={[t('pipeline.failedAt'), t('pipeline.job'), { label: t('pipeline.attempts'), className: 'num' }, t('pipeline.reason')]}>
                {(job) => (
                  <tr key={job.id}>
                    <td>{job.failedAt ? formatDateTime(language, job.failedAt) : '—'}</td>
                    <td>{`${humanize(job.name)} #${job.id}`}</td>
                    <td className="num">{job.attemptsMade}</td>
                    <td className="cell-wrap">{job.failedReason || '—'}</td>
                  </tr>
                )}
              </AdminTable>
            </section>
          </>
        )}
      </Loadable>
    </div>
  );
}
